package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * mediachangectl as the tarball and the client .deb ship it: launcher, Gson,
 * configuration file, man page and bash completion, run from the unpacked
 * trees against a small console of the test's own; the daemon .deb does not
 * ship the client's jars a second time.
 */
@ExtendWith({OutsideExtension.class, RequiresTools.class, RequiresPackageTools.class})
@Timeout(180)
class CtlPackagingIT {

    private static final Pattern LONG_OPTION = Pattern.compile("(?m)^\\s+(?:-\\w, )?--([a-z][a-z0-9-]*)");

    private Outside outside;
    private Path work;

    @BeforeEach
    void setUp(Outside outside) {
        this.outside = outside;
        this.work = outside.work();
    }

    private Map<String, String> operator() {
        return Map.of("HOME", work.toString(), "USER", TinyConsole.OPERATOR, "MEDIACHANGE_PASSWORD",
                TinyConsole.PASSWORD);
    }

    @Test
    void theTarballShipsItAndItReadsItsEtc() throws Exception {
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        for (String f : List.of("bin/mediachangectl", "lib/gson.jar", "etc/mediachangectl.properties",
                "share/man/man1/mediachangectl.1", "share/bash-completion/completions/mediachangectl",
                "share/doc/mediachange/CTL.md")) {
            assertThat(top.resolve(f)).as(f).isRegularFile();
        }
        assertThat(top.resolve("bin/mediachangectl")).isExecutable();
        try (TinyConsole console = new TinyConsole("from the tarball")) {
            Files.writeString(top.resolve("etc/mediachangectl.properties"), "url=" + console.url() + "\n", UTF_8);
            Outside.Ran run = outside.run(operator(), List.of(top.resolve("bin/mediachangectl").toString(), "list"),
                    60);
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).startsWith("7  pending  ").endsWith("  from the tarball\n");
        }
    }

    @Test
    void theClientDebShipsItAndTheDaemonDebDoesNotRepeatItsJars() throws Exception {
        Path control = work.resolve("control");
        outside.runOk("dpkg-deb", "-e", Artifacts.clientDeb().toString(), control.toString());
        assertThat(Files.readAllLines(control.resolve("conffiles"), UTF_8))
                .contains("/etc/mediachange/mediachangectl.properties");
        assertThat(outside.runOk("dpkg-deb", "-c", Artifacts.daemonDeb().toString()))
                .doesNotContain("gson.jar").doesNotContain("mediachangectl");

        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        for (String f : List.of("usr/share/mediachange/bin/mediachangectl", "usr/share/mediachange/lib/gson.jar",
                "usr/share/man/man1/mediachangectl.1", "usr/share/bash-completion/completions/mediachangectl",
                "etc/mediachange/mediachangectl.properties", "usr/share/doc/mediachange-client/CTL.md")) {
            assertThat(root.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/mediachangectl")).toString())
                .isEqualTo("../share/mediachange/bin/mediachangectl");
        Path ctl = root.resolve("usr/bin/mediachangectl");
        assertThat(outside.runOk(ctl.toString(), "--version")).startsWith("mediachangectl " + Artifacts.VERSION);
        try (TinyConsole console = new TinyConsole("from the deb")) {
            Outside.Ran run = outside.run(operator(), List.of(ctl.toString(), "list", "--url", console.url()), 60);
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).endsWith("  from the deb\n");
        }
    }

    @Test
    void theManPageRendersWithEverySection() throws Exception {
        Path top = Artifacts.unpackTarball(outside, work);
        Outside.Ran man = outside.run(Map.of("MANWIDTH", "80", "LANG", "C.UTF-8", "MAN_KEEP_FORMATTING", ""),
                List.of("man", "--warnings", "-l", top.resolve("share/man/man1/mediachangectl.1").toString()), 60);
        assertThat(man.code()).isZero();
        assertThat(man.err()).as("groff warnings").isEmpty();
        for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "EXIT CODES",
                "OUTPUT", "PASSWORD AND TLS", "CONFIGURATION", "FILES", "ENVIRONMENT", "EXAMPLES", "SEE ALSO")) {
            assertThat(man.out()).containsPattern("(?m)^" + section + "$");
        }
        assertThat(man.out()).contains("--retry-for=DURATION").contains("--recent=N").contains("--ca-file=FILE");
    }

    @Test
    void completionCompletesCommandsAndTheirOptions() throws Exception {
        Path script = Artifacts.unpackTarball(outside, work)
                .resolve("share/bash-completion/completions/mediachangectl");
        for (String[] c : new String[][] {{"wa", "watch"}, {"watch --ret", "--retry-for"}, {"ok --ca", "--ca-file"}}) {
            String words = "mediachangectl " + c[0];
            String out = outside.runOk("bash", "-c", "source \"$1\" && COMP_WORDS=(" + words + ") && COMP_CWORD=$(("
                    + "${#COMP_WORDS[@]} - 1)) && COMP_LINE=\"" + words + "\" && COMP_POINT=${#COMP_LINE} && "
                    + "f=$(complete -p mediachangectl | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p') && $f && "
                    + "printf 'reply:%s\\n' \"${COMPREPLY[@]}\"", "bash", script.toString());
            assertThat(out).as(words).contains("reply:" + c[1]);
        }
    }

    @Test
    void theShippedPropertiesNameEveryOptionAndTheirExampleValuesAreValid() throws Exception {
        Path top = Artifacts.unpackTarball(outside, work);
        Path shipped = top.resolve("etc/mediachangectl.properties");
        List<String> lines = Files.readAllLines(shipped, UTF_8);
        assertThat(lines).as("the shipped file sets nothing").allMatch(l -> l.isBlank() || l.startsWith("#"));
        List<String> settings = new ArrayList<>();
        Set<String> keys = new TreeSet<>();
        for (String l : lines) {
            Matcher m = Pattern.compile("^#([a-z][a-z0-9-]*)=(.*)$").matcher(l);
            if (m.matches()) {
                settings.add(m.group(1) + "=" + m.group(2));
                keys.add(m.group(1));
            }
        }
        Files.write(shipped, settings, UTF_8);
        // Every command checks the keys of its own options with their converters; together they have all.
        Set<String> options = new TreeSet<>();
        for (String command : List.of("list", "ok", "cancel", "watch")) {
            Outside.Ran help = outside.run(operator(), List.of(top.resolve("bin/mediachangectl").toString(), command,
                    "--help"), 60);
            assertThat(help.code()).as(command + " --help with every example value: " + help.err()).isZero();
            Matcher m = LONG_OPTION.matcher(help.out());
            while (m.find()) {
                options.add(m.group(1));
            }
        }
        options.removeAll(Set.of("help", "version"));
        assertThat(keys).as("keys in mediachangectl.properties (add new options there)").isEqualTo(options);
    }
}
