package org.mediachange.dist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.client.ClientCommand;
import org.mediachange.common.cli.ConfigFileDefaults;
import org.mediachange.daemon.cli.DaemonCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Issue 16: the keys a configuration file may set, as the man pages list them (generated), as an unknown key's
 * error lists them and as the shipped files show them, are one list: the keys the program accepts. Things to do
 * ({@code set-password}, {@code check-config}) are not among them; each shipped example value is accepted, and
 * is the option's default where the option has one.
 */
class KnownKeysTest {

    private static final Pattern SHIPPED = Pattern.compile("(?m)^#([a-z][a-z0-9-]*)=(.*)$");
    private static final Set<String> NOT_KEYS = Set.of("set-password", "check-config", "config", "help", "version");

    @TempDir
    Path dir;

    @Test
    void mediachangec() throws Exception {
        check("mediachangec", Commands.client(), (cl, files) -> ClientCommand.readConfigFiles(cl, files));
    }

    @Test
    void mediachanged() throws Exception {
        check("mediachanged", Commands.daemon(), (cl, files) -> DaemonCommand.readConfigFiles(cl, files));
    }

    @Test
    void theManPagesListTheKeysTheProgramsAccept() throws Exception {
        GenerateDocs.main(new String[] {dir.resolve("adoc").toString(), dir.resolve("completion").toString()});
        for (String program : List.of("mediachangec", "mediachanged")) {
            CommandLine cl = program.equals("mediachangec") ? Commands.client() : Commands.daemon();
            ConfigFileDefaults keys = program.equals("mediachangec") ? ClientCommand.readConfigFiles(cl, List.of())
                    : DaemonCommand.readConfigFiles(cl, List.of());
            String listed = Files.readString(dir.resolve("adoc").resolve(program + "-keys.adoc"), UTF_8);
            List<String> bold = new ArrayList<>();
            keys.keys().forEach(k -> bold.add("*" + k + "*"));
            assertThat(listed).as(program + "(1)'s keys").isEqualTo(String.join(", ", bold) + ".\n");
            assertThat(keys.keys()).as(program).doesNotContainAnyElementsOf(NOT_KEYS);
        }
    }

    private void check(String program, CommandLine commandLine,
            BiFunction<CommandLine, List<Path>, ConfigFileDefaults> install) throws Exception {
        String text = Files.readString(Markdown.ROOT.resolve("mediachange-dist/src/main/etc/" + program
                + ".properties"), UTF_8);
        Map<String, String> shipped = new LinkedHashMap<>();
        Matcher m = SHIPPED.matcher(text);
        while (m.find()) {
            shipped.put(m.group(1), m.group(2));
        }
        ConfigFileDefaults defaults = install.apply(commandLine, List.of());
        assertThat(shipped.keySet()).as("the keys in the shipped " + program + ".properties")
                .containsExactlyInAnyOrderElementsOf(defaults.keys());
        assertThat(defaults.keys()).doesNotContainAnyElementsOf(NOT_KEYS);
        for (Map.Entry<String, String> e : shipped.entrySet()) {
            OptionSpec o = commandLine.getCommandSpec().findOption("--" + e.getKey());
            if (o != null && o.defaultValue() != null) {
                assertThat(e.getValue()).as("the shipped %s=, which says it is the default", e.getKey())
                        .isEqualTo(o.defaultValue());
            }
        }

        // Every shipped example, uncommented, is accepted.
        Path all = dir.resolve(program + ".properties");
        List<String> lines = new ArrayList<>();
        shipped.forEach((k, v) -> lines.add(k + "=" + v));
        Files.write(all, lines, UTF_8);
        StringWriter err = new StringWriter();
        CommandLine withAll = program.equals("mediachangec") ? Commands.client() : Commands.daemon();
        withAll.setErr(new PrintWriter(err, true));
        install.apply(withAll, List.of(all));
        assertThat(withAll.execute("--help")).as(err.toString()).isZero();

        // An unknown key's error lists the very same keys.
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "bogus=1\n", UTF_8);
        CommandLine withBad = program.equals("mediachangec") ? Commands.client() : Commands.daemon();
        withBad.setErr(new PrintWriter(err, true));
        install.apply(withBad, List.of(bad));
        assertThat(withBad.execute("--help")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown key 'bogus' (known keys: " + String.join(", ", defaults.keys())
                + ")");
    }
}
