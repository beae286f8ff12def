package org.mediachange.daemon.dialog.process;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mediachange.common.time.Durations;
import org.mediachange.daemon.dialog.NoDisplayException;
import org.mediachange.daemon.dialog.PromptFactory;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;
import org.slf4j.LoggerFactory;

/**
 * How the daemon starts its dialog process: this JVM's {@code java} and class
 * path, the JVM options the launcher gave the daemon (defined once, in
 * {@code scripts/mediachanged}), the dialog process's own ones (its logging,
 * its class data sharing archive: {@link DialogClassArchive}), then
 * {@value #JAVA_OPTS_ENV}, then the main class and the bell interval.
 */
public final class DialogProcessCommand implements DialogLauncher {

    /** Extra JVM options for the dialog process, whitespace-separated. */
    public static final String JAVA_OPTS_ENV = "MEDIACHANGE_GUI_JAVA_OPTS";

    /**
     * System property with the JVM options the launcher ({@code mediachanged}) starts the daemon with,
     * whitespace-separated: the dialog process gets the same ones, defined in that one place. Without
     * it (a daemon started some other way) the dialog process gets the JVM's defaults.
     */
    public static final String JVM_OPTIONS_PROPERTY = "mediachange.jvmopts";

    /**
     * The dialog process logs through {@code StderrLogProvider} (one line per message on stderr, which
     * the daemon logs), not logback; slf4j is told not to announce that choice on stderr.
     */
    static final List<String> LOGGING = List.of("-Dslf4j.provider=" + PipeProtocol.LOG_PROVIDER,
            "-Dslf4j.internal.verbosity=WARN");

    /**
     * Dialogs on {@code DISPLAY} in a dialog process this JVM supervises, started on demand: waits
     * for the display while it is down and outlives X server restarts. Fails only when
     * {@code DISPLAY} is not set at all.
     */
    public static final PromptFactory FACTORY = settings -> {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            throw NoDisplayException.displayNotSet();
        }
        DialogProcessCommand command = new DialogProcessCommand(settings.bellInterval());
        return ChildProcessPrompt.start(command, display, Liveness.DEFAULT, settings.keepWarm());
    };

    private final Duration bellInterval;
    private final Optional<DialogClassArchive> archive;

    private DialogProcessCommand(Duration bellInterval) {
        this.bellInterval = bellInterval;
        this.archive = DialogClassArchive.open(javaAndOptions(), classPath(), System.getenv(),
                System.getProperties());
    }

    @Override
    public List<String> command(boolean warmUp) {
        return javaCommand(bellInterval, warmUp, archive.map(DialogClassArchive::options).orElse(List.of()));
    }

    @Override
    public void ended(boolean clean) {
        archive.ifPresent(a -> a.ended(clean));
    }

    /**
     * The command running the dialog process ({@link PipeProtocol#MAIN_CLASS}) with this JVM and class
     * path, the launcher's JVM options ({@link #JVM_OPTIONS_PROPERTY}), the dialog process's logging,
     * then {@link #JAVA_OPTS_ENV}'s; without warm-up and without a class data sharing archive.
     */
    public static List<String> javaCommand(Duration bellInterval) {
        return javaCommand(bellInterval, false, List.of());
    }

    private static List<String> javaCommand(Duration bellInterval, boolean warmUp, List<String> archiveOptions) {
        List<String> cmd = new ArrayList<>(javaAndOptions());
        cmd.addAll(archiveOptions);
        cmd.addAll(words(System.getenv(JAVA_OPTS_ENV)));
        cmd.addAll(classPath());
        cmd.add(PipeProtocol.MAIN_CLASS);
        cmd.add(Durations.format(bellInterval));
        if (warmUp) {
            cmd.add(PipeProtocol.WARM_UP);
        }
        return cmd;
    }

    /** This JVM's {@code java}, the launcher's JVM options and the dialog process's logging. */
    private static List<String> javaAndOptions() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(words(System.getProperty(JVM_OPTIONS_PROPERTY)));
        cmd.addAll(LOGGING);
        return cmd;
    }

    private static List<String> classPath() {
        List<Optional<Path>> needed = List.of(location(DialogProcessCommand.class), location(Durations.class),
                location(LoggerFactory.class));
        String daemons = System.getProperty("java.class.path");
        return List.of("-cp", needed.stream().allMatch(Optional::isPresent)
                ? narrowed(daemons, needed.stream().map(Optional::get).toList()) : daemons);
    }

    /**
     * The entries of {@code classPath} that are among {@code needed} (the jars or class directories
     * that hold the dialog process's classes: ours and slf4j's API), in their order; all of
     * {@code classPath} unless every one of {@code needed} is an entry of it (as when a jar's
     * manifest names the rest). Not the daemon's whole class path: every entry of it is opened when
     * a service is looked up, which the X toolkit does as it starts, and with the installed layout's
     * 18 jars that cost the first dialog some 15 ms (docs/PERFORMANCE.md).
     */
    static String narrowed(String classPath, List<Path> needed) {
        Set<Path> wanted = new HashSet<>();
        needed.forEach(p -> wanted.add(p.toAbsolutePath().normalize()));
        List<String> kept = new ArrayList<>();
        Set<Path> found = new HashSet<>();
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            Path p = entry.isEmpty() ? null : Path.of(entry).toAbsolutePath().normalize();
            if (p != null && wanted.contains(p) && found.add(p)) {
                kept.add(entry);
            }
        }
        return found.equals(wanted) ? String.join(File.pathSeparator, kept) : classPath;
    }

    /** The jar or directory {@code c} was loaded from, if known. */
    private static Optional<Path> location(Class<?> c) {
        try {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? Optional.empty()
                    : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static List<String> words(String options) {
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }
}
