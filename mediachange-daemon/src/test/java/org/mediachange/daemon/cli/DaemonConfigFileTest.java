package org.mediachange.daemon.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.dialog.PromptFactory;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.Decision;
import picocli.CommandLine;

/**
 * The daemon's options from mediachanged.properties, installed as
 * {@code Main} installs them: values show up as the defaults, {@code --config}
 * picks another file, and a bad CIDR, duration or key stops with one line
 * naming the file and the key.
 */
class DaemonConfigFileTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Path standardFile, String... args) {
        return run(bell -> ScriptedOperator.always(Decision.OK), standardFile, args);
    }

    /** A run that must stop before the daemon starts: were the values accepted, it stops here. */
    private int runStopping(Path standardFile, String... args) {
        return run(bell -> {
            throw new IllegalStateException("the daemon started, but it should have stopped before");
        }, standardFile, args);
    }

    private int run(PromptFactory factory, Path standardFile, String... args) {
        CommandLine cl = DaemonCommand.commandLine(factory, new PrintWriter(out, true), new PrintWriter(err, true));
        DaemonCommand.readConfigFiles(cl, List.of(standardFile));
        return cl.execute(args);
    }

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, UTF_8);
        return p;
    }

    @Test
    void valuesFromTheFileAreTheDefaultsShownByHelp() throws Exception {
        Path f = file("mediachanged.properties", "bell-interval=3m\nanswer-timeout=8h\nmax-pending=9\n");
        assertThat(run(f, "--help")).isZero();
        // Joined up: where help wraps a description depends on the widest option.
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("(default: 3m)").contains("(default: 8h)")
                .contains("(default: 9)");
    }

    @Test
    void theConfigOptionPicksAnotherFile() throws Exception {
        Path standard = file("mediachanged.properties", "bell-interval=11m\n");
        Path other = file("other.properties", "bell-interval=12m\n");
        assertThat(run(standard, "--config", other.toString(), "--help")).isZero();
        assertThat(out.toString()).contains("(default: 12m)").doesNotContain("(default: 11m)");
    }

    @Test
    void aBadCidrNamesTheFileAndTheKey() throws Exception {
        Path f = file("mediachanged.properties", "allow=10.0.0.0/8, 10.0.0.0/40\n");
        assertThat(run(f, "--port", "0")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).startsWith("mediachanged: " + f + ": key 'allow': invalid value '10.0.0.0/8,"
                + " 10.0.0.0/40': ").contains("10.0.0.0/40").hasLineCount(1);
    }

    @Test
    void aBadDurationNamesTheFileAndTheKey() throws Exception {
        Path f = file("mediachanged.properties", "answer-timeout=forever\n");
        assertThat(run(f, "--port", "0")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).startsWith("mediachanged: " + f + ": key 'answer-timeout': invalid value"
                + " 'forever': ").contains("is not a duration").hasLineCount(1);
    }

    @Test
    void anUnknownKeyNamesTheFileAndTheKey() throws Exception {
        Path f = file("mediachanged.properties", "listen=8979\n");
        assertThat(run(f, "--port", "0")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).startsWith("mediachanged: " + f + ": unknown key 'listen' (known keys: ")
                .contains("allow").contains("bell-interval").hasLineCount(1);
    }

    @Test
    void allowAcceptsACommaSeparatedListOnTheCommandLineToo() {
        assertThat(run(dir.resolve("none.properties"), "--allow", "10.0.0.0/8,10.0.0.0/40"))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("'10.0.0.0/40'").hasLineCount(1);
    }

    @Test
    void aBadNotifyCommandNamesTheFileAndTheKey() throws Exception {
        Path f = file("mediachanged.properties", "notify=/bin/true ; /usr/bin/page \"on call\n");
        assertThat(run(f, "--port", "0")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).startsWith("mediachanged: " + f + ": key 'notify': invalid value '/bin/true ;"
                + " /usr/bin/page \"on call': unbalanced \" (double quote)").hasLineCount(1);
    }

    @Test
    void severalNotifyCommandsOnOneLineWithTheirTimesAreAccepted() throws Exception {
        Path f = file("mediachanged.properties", "notify=every=15m /bin/echo 'a;b' ; after=10m every=0 /bin/true\n"
                + "notify-every=1h\nnotify-after=30s\n");
        assertThat(run(f, "--help")).isZero();
        assertThat(out.toString()).contains("(default: 1h)").contains("(default: 30s)");
    }

    @Test
    void aValueOutOfRangeNamesTheFileTheKeyAndTheRangeNotAnOption() throws Exception {
        String[][] cases = {
            {"port=70000", "port", "70000", "'70000' is not a port number (0-65535, 0 for any free port)"},
            {"port=-1", "port", "-1", "'-1' is not a port number (0-65535, 0 for any free port)"},
            {"request-timeout=0", "request-timeout", "0", "'0' is not a duration of more than 0"},
            {"max-pending=0", "max-pending", "0", "'0' is not a whole number of at least 1"},
            {"max-per-source=0", "max-per-source", "0", "'0' is not a whole number of at least 1"},
            {"max-line=0", "max-line", "0", "'0' is not a line length from 1 to 65536 bytes"},
            {"max-line=65537", "max-line", "65537", "'65537' is not a line length from 1 to 65536 bytes"},
            {"max-line=2147483647", "max-line", "2147483647",
                "'2147483647' is not a line length from 1 to 65536 bytes"},
            {"bind=no-such-host.invalid", "bind", "no-such-host.invalid",
                "'no-such-host.invalid' is not an address or a known host name"},
        };
        for (String[] c : cases) {
            err.getBuffer().setLength(0);
            Path f = file("range.properties", c[0] + "\n");
            assertThat(runStopping(f, "--port", "0")).as(c[0]).isEqualTo(ExitCode.USAGE.code());
            assertThat(err.toString()).as(c[0]).isEqualTo("mediachanged: " + f + ": key '" + c[1]
                    + "': invalid value '" + c[2] + "': " + c[3] + " (see 'mediachanged --help')"
                    + System.lineSeparator());
        }
    }

    @Test
    void anUnknownDialogModeInTheFileNamesTheFileAndTheKey() throws Exception {
        Path f = file("mediachanged.properties", "dialog=gtk\n");
        assertThat(runStopping(f, "--check-config")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).startsWith("mediachanged: " + f + ": key 'dialog': invalid value 'gtk'")
                .hasLineCount(1);
    }

    @Test
    void helpDoesNotShowAnInvalidValueAsTheDefault() throws Exception {
        Path f = file("mediachanged.properties", "port=70000\n");
        assertThat(runStopping(f, "--help")).isEqualTo(ExitCode.USAGE.code());
        assertThat(out.toString()).doesNotContain("70000");
        assertThat(err.toString()).startsWith("mediachanged: " + f + ": key 'port': invalid value '70000'");
    }

    @Test
    void checkConfigSaysOkAndWhichFileWithoutStartingAnything() throws Exception {
        Path f = file("mediachanged.properties", "port=18979\nmax-line=65536\nallow=10.0.0.0/8\n");
        assertThat(runStopping(f, "--check-config")).isZero();
        assertThat(out.toString()).isEqualTo("mediachanged: configuration OK: " + f + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void checkConfigWithoutAFileSaysBuiltInDefaults() {
        Path absent = dir.resolve("absent.properties");
        assertThat(runStopping(absent, "--check-config")).isZero();
        assertThat(out.toString()).isEqualTo("mediachanged: configuration OK: built-in defaults (no " + absent + ")"
                + System.lineSeparator());
    }

    @Test
    void checkConfigOfABadFileExitsTwoNamingTheFileAndKey() throws Exception {
        Path f = file("mediachanged.properties", "max-pending=0\n");
        assertThat(runStopping(f, "--check-config")).isEqualTo(ExitCode.USAGE.code());
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("mediachanged: " + f + ": key 'max-pending': invalid value '0': ")
                .hasLineCount(1);
    }

    @Test
    void checkConfigReadsTheKeyFile() throws Exception {
        Path key = file("mediachange.key", "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path f = file("mediachanged.properties", "key-file=" + key + "\n");
        assertThat(runStopping(f, "--check-config")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).startsWith("mediachanged: key file " + key).hasLineCount(1);
    }

    @Test
    void checkConfigIsNotAKey() throws Exception {
        Path f = file("mediachanged.properties", "check-config=true\n");
        assertThat(runStopping(f, "--port", "0")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).isEqualTo("mediachanged: " + f + ": key 'check-config': check-config is something"
                + " to do, not a setting: remove it, and give it on the command line (mediachanged --check-config)"
                + " (see 'mediachanged --help')" + System.lineSeparator());
    }
}
