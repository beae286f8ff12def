package org.mediachange.common.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mediachange.common.cli.ConfigFile.Setting;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Option defaults read from Java properties files, plugged into picocli as its
 * default-value provider: a key is an option's long name without the dashes
 * ({@code bell-interval=30s} for {@code --bell-interval}), so every option a
 * command gains is configurable without touching this class. Options given on
 * the command line win, because picocli asks a provider only for the options
 * the command line left out.
 *
 * <p>The files are read by {@link ConfigFile} (which defines their syntax), and
 * every key and value checked here, the first time
 * picocli asks (after it has parsed the command line, so a {@code --config
 * FILE} option is known by then). A default file that does not exist is
 * skipped; a file named with the file option must exist. Later files override
 * earlier ones. A problem (unknown key, a value the option's own converter
 * rejects, an empty value, a key set twice, an unreadable file) becomes one
 * {@link ParameterException} naming the file, the key and what is wrong.
 */
public final class ConfigFileDefaults implements IDefaultValueProvider {

    private final CommandSpec spec;
    private final List<Path> defaultFiles;
    private final String fileOption;
    private final Set<String> extraKeys;
    private final Set<String> commandLineOnly;
    private Map<String, Setting> settings;
    private final List<Path> filesRead = new ArrayList<>();

    private ConfigFileDefaults(CommandSpec spec, List<Path> defaultFiles, String fileOption, Set<String> extraKeys,
            Set<String> commandLineOnly) {
        this.spec = spec;
        this.defaultFiles = List.copyOf(defaultFiles);
        this.fileOption = fileOption;
        this.extraKeys = Set.copyOf(extraKeys);
        this.commandLineOnly = Set.copyOf(commandLineOnly);
    }

    /**
     * Makes {@code defaultFiles} (in order, later ones winning) supply the
     * defaults of {@code commandLine}'s options.
     *
     * @param fileOption the name of an option whose value replaces {@code defaultFiles} with one file
     *                   that must exist (e.g. {@code --config}), or {@code null}
     * @param extraKeys  keys that are not options but are accepted and can be read with {@link #lookup}
     *                   (e.g. {@code host} for the client's positional HOST)
     */
    public static ConfigFileDefaults install(CommandLine commandLine, List<Path> defaultFiles, String fileOption,
            Set<String> extraKeys) {
        return install(commandLine, defaultFiles, fileOption, extraKeys, Set.of());
    }

    /**
     * As {@link #install(CommandLine, List, String, Set)}, where the options named in
     * {@code commandLineOnly} (e.g. {@code --check-config}, which asks for something
     * rather than configuring) are not keys either, like help, version and the file option.
     */
    public static ConfigFileDefaults install(CommandLine commandLine, List<Path> defaultFiles, String fileOption,
            Set<String> extraKeys, Set<String> commandLineOnly) {
        ConfigFileDefaults provider = new ConfigFileDefaults(commandLine.getCommandSpec(), defaultFiles, fileOption,
                extraKeys, commandLineOnly);
        commandLine.setDefaultValueProvider(provider);
        return provider;
    }

    /**
     * The configured value of {@code key} for the command of {@code spec}, if
     * a {@code ConfigFileDefaults} is installed there and a file sets it.
     */
    public static Optional<String> lookup(CommandSpec spec, String key) {
        return spec.defaultValueProvider() instanceof ConfigFileDefaults c ? c.value(key) : Optional.empty();
    }

    /** The files that were read (that existed), in order; empty where no provider is installed. */
    public static List<Path> filesRead(CommandSpec spec) {
        if (spec.defaultValueProvider() instanceof ConfigFileDefaults c) {
            c.settings();
            return List.copyOf(c.filesRead);
        }
        return List.of();
    }

    /** The files looked for: the file option's one, else the default files; empty where no provider is installed. */
    public static List<Path> filesLookedFor(CommandSpec spec) {
        if (spec.defaultValueProvider() instanceof ConfigFileDefaults c) {
            return c.files().stream().map(FileToRead::path).toList();
        }
        return List.of();
    }

    /** The configured value of {@code key}, reading the files if that has not happened yet. */
    public Optional<String> value(String key) {
        Setting s = settings().get(key);
        return s == null ? Optional.empty() : Optional.of(s.value());
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || !isConfigurable(option)) {
            return null;
        }
        Setting s = settings().get(key(option));
        return s == null ? null : s.value();
    }

    private Map<String, Setting> settings() {
        if (settings == null) {
            Map<String, Setting> all = new LinkedHashMap<>();
            for (FileToRead file : files()) {
                Map<String, Setting> read = read(file.path(), file.required());
                if (!read.isEmpty() || Files.exists(file.path())) {
                    filesRead.add(file.path());
                }
                all.putAll(read);
            }
            settings = all;
        }
        return settings;
    }

    private record FileToRead(Path path, boolean required) {
    }

    private List<FileToRead> files() {
        OptionSpec chosen = fileOption == null ? null : spec.findOption(fileOption);
        Object value = chosen == null ? null : chosen.getValue();
        if (value != null) {
            return List.of(new FileToRead(Path.of(value.toString()), true));
        }
        List<FileToRead> files = new ArrayList<>();
        for (Path p : defaultFiles) {
            files.add(new FileToRead(p, false));
        }
        return files;
    }

    private Map<String, Setting> read(Path file, boolean required) {
        Map<String, Setting> settings;
        try {
            settings = ConfigFile.read(file, required);
        } catch (ConfigFile.Problem e) {
            throw problem(file, e.what());
        }
        for (Map.Entry<String, Setting> e : settings.entrySet()) {
            check(file, e.getKey(), e.getValue().value());
        }
        return settings;
    }

    private void check(Path file, String key, String value) {
        OptionSpec option = optionFor(key);
        if (option == null && !extraKeys.contains(key)) {
            String action = spec.subcommands().containsKey(key) ? key + " ..." : commandLineOnly.contains("--" + key)
                    ? "--" + key : null;
            if (action != null) {
                throw problem(file, "key '" + key + "': " + key + " is something to do, not a setting: remove it, and"
                        + " give it on the command line (" + spec.qualifiedName() + " " + action + ")");
            }
            throw problem(file, "unknown key '" + key + "' (known keys: " + String.join(", ", keys()) + ")");
        }
        if (value.isEmpty()) {
            throw problem(file, "key '" + key + "' has no value (comment the line out to get the built-in default)");
        }
        if (option == null) {
            return;
        }
        if (option.arity().max() == 0) {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw problem(file, "key '" + key + "': invalid value '" + value + "': must be true or false");
            }
            return;
        }
        // Convert the value exactly as the command line would (same converter, type and split), on a
        // copy of the option bound to a scratch holder, so checking sets nothing in the real command.
        Scratch scratch = new Scratch();
        OptionSpec copy = OptionSpec.builder(option).required(false).defaultValue(null).initialValue(null)
                .hasInitialValue(false).getter(scratch).setter(scratch).build();
        try {
            new CommandLine(CommandSpec.create().addOption(copy)).parseArgs(option.longestName() + "=" + value);
        } catch (ParameterException e) {
            String reason = e.getCause() != null && e.getCause().getMessage() != null
                    ? e.getCause().getMessage() : e.getMessage();
            throw problem(file, "key '" + key + "': invalid value '" + value + "': " + reason);
        }
    }

    private OptionSpec optionFor(String key) {
        for (OptionSpec o : spec.options()) {
            if (isConfigurable(o) && key(o).equals(key)) {
                return o;
            }
        }
        return null;
    }

    /** Every key the files may set, sorted: the configurable options' long names and the extra keys. */
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>(extraKeys);
        for (OptionSpec o : spec.options()) {
            if (isConfigurable(o)) {
                keys.add(key(o));
            }
        }
        return keys;
    }

    private boolean isConfigurable(OptionSpec o) {
        return !o.usageHelp() && !o.versionHelp() && !(fileOption != null && o.longestName().equals(fileOption))
                && !commandLineOnly.contains(o.longestName());
    }

    private static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    /** Where a checked value lands instead of the real command's field. */
    private static final class Scratch implements IGetter, ISetter {
        private Object value;

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T newValue) {
            T old = (T) value;
            value = newValue;
            return old;
        }
    }

    private ParameterException problem(Path file, String what) {
        return new ParameterException(spec.commandLine(), file + ": " + what);
    }
}
