package org.mediachange.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The fast path must mean exactly what picocli means: for every command line
 * it accepts, picocli parses the same request; it must also take the forms
 * scripts use (or it would be pointless), and a real run on that path must not
 * load a single picocli class (or it would not be fast).
 */
class QuickArgsTest {

    /** What picocli makes of {@code args}, or {@code null} where it reports an error or prints help. */
    private static QuickArgs.Parsed picocli(String... args) {
        ClientCommand cmd = new ClientCommand(new ByteArrayInputStream(new byte[0]));
        CommandLine cl = new CommandLine(cmd);
        try {
            cl.parseArgs(args);
            if (cl.isUsageHelpRequested() || cl.isVersionHelpRequested()) {
                return null;
            }
            return new QuickArgs.Parsed(cmd.request(), cmd.quiet());
        } catch (CommandLine.ParameterException e) {
            return null;
        }
    }

    private static void assertAgrees(String... args) {
        QuickArgs.Parsed quick = QuickArgs.parse(args);
        if (quick != null) {
            assertThat(picocli(args)).as("picocli on %s", List.of(args)).isEqualTo(quick);
        }
    }

    @Test
    void takesTheFormsScriptsUse() {
        String[][] plain = {
            {"console", "Please", "mount", "volume", "3"},
            {"console", "Mount volume 3 of /dev/nst0 and press OK"},
            {"-p", "18979", "127.0.0.1", "msg"},
            {"--port", "18979", "127.0.0.1", "msg"},
            {"--port=18979", "127.0.0.1", "msg"},
            {"--timeout", "8h", "console", "Nightly backup: load tape set B"},
            {"--retry-for", "10m", "console", "Mount volume 2 of /dev/nst0 (create) and press OK"},
            {"--retry-for=10m", "--timeout=1h30m", "--connect-timeout", "500ms", "-q", "h", "m"},
            {"h", "m", "-q"},
            {"::1", "a\nb", "c\r\nd"},
            {"h", "", "x"},
        };
        for (String[] args : plain) {
            assertThat(QuickArgs.parse(args)).as("fast path for %s", List.of(args)).isNotNull();
            assertThat(picocli(args)).as("picocli for %s", List.of(args)).isEqualTo(QuickArgs.parse(args));
        }
        assertThat(QuickArgs.parse(new String[] {"--timeout", "8h", "-q", "console", "a b", "c"}))
                .isEqualTo(new QuickArgs.Parsed(new ClientRequest("console", 8979, "a b c",
                        java.time.Duration.ofSeconds(10), java.time.Duration.ofHours(8), java.time.Duration.ZERO),
                        true));
    }

    @Test
    void leavesEverythingElseToPicocli() {
        String[][] others = {
            {}, {"h"}, {"--help"}, {"-h"}, {"-V"}, {"--version"}, {"h", "-"}, {"-", "m"}, {"--", "h", "m"},
            {"@args.txt"}, {"h", "@m"}, {"-qp", "1", "h", "m"}, {"-p1", "h", "m"}, {"-p=1", "h", "m"},
            {"-p", "0", "h", "m"}, {"-p", "65536", "h", "m"}, {"-p", "0x1F", "h", "m"}, {"-p", "+80", "h", "m"},
            {"-p", "-5", "h", "m"}, {"--port=", "h", "m"}, {"-p", "1", "-p", "2", "h", "m"}, {"-q", "-q", "h", "m"},
            {"--timeout", "soon", "h", "m"}, {"--timeout", "1m30", "h", "m"}, {"--timeout"}, {"h", "m", "-p"},
            {"h", " ", "\n"}, {"h", "-x"}, {"--quiet=true", "h", "m"}, {"--Port", "1", "h", "m"}, {"h", "--", "m"},
        };
        for (String[] args : others) {
            assertThat(QuickArgs.parse(args)).as("fast path for %s", List.of(args)).isNull();
        }
    }

    @Test
    void agreesWithPicocliOnGeneratedCommandLines() {
        String[] tokens = {"-p", "--port", "--port=8979", "--port=1", "8979", "1", "0", "65535", "70000", "007",
            "-q", "--quiet", "--timeout", "--timeout=5s", "--retry-for", "--retry-for=0", "--connect-timeout",
            "--connect-timeout=1h30m", "5s", "0", "1h30m", "250ms", "1d", "2x", "", " ", "console", "127.0.0.1",
            "::1", "Mount", "volume 3", "a\nb", "\r\n", "-", "--", "-x", "@f", "h=1", "é", "\u202e", "--help"};
        Random random = new Random(42);
        int accepted = 0;
        for (int i = 0; i < 6_000; i++) {
            String[] args = new String[random.nextInt(7)];
            for (int k = 0; k < args.length; k++) {
                args[k] = tokens[random.nextInt(tokens.length)];
            }
            assertAgrees(args);
            if (QuickArgs.parse(args) != null) {
                accepted++;
            }
        }
        // Enough accepted lines for the agreement above to mean something.
        assertThat(accepted).isGreaterThan(300);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPlainRunLoadsNoPicocliClass(@TempDir Path dir) throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(FakeDaemon.reply("Ok"))) {
            List<String> plain = loadedClasses(dir.resolve("plain.log"), "Ok\n",
                    "-p", Integer.toString(daemon.port()), FakeDaemon.HOST, "from", "a", "script");
            assertThat(plain).anyMatch(l -> l.contains("org.mediachange.client.Conversation "));
            assertThat(plain).noneMatch(l -> l.contains(" picocli."));
        }
        // The same check sees picocli where it is used, so the one above can fail.
        List<String> version = loadedClasses(dir.resolve("version.log"), null, "--version");
        assertThat(version).anyMatch(l -> l.contains(" picocli.CommandLine "));
    }

    /** Runs the client in a new JVM and returns its class loading log. */
    private static List<String> loadedClasses(Path log, String expectedOut, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        if (expectedOut != null) {
            assertThat(output).isEqualTo(expectedOut);
        }
        return Files.readAllLines(log);
    }
}
