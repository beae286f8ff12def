package org.mediachange.daemon.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.common.cli.ConfigFileDefaults;
import org.mediachange.daemon.prompt.Decision;
import org.mediachange.daemon.prompt.ScriptedOperator;
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
        CommandLine cl = DaemonCommand.commandLine(bell -> ScriptedOperator.always(Decision.OK),
                new PrintWriter(out, true), new PrintWriter(err, true));
        ConfigFileDefaults.install(cl, List.of(standardFile), "--config", Set.of());
        return cl.execute(args);
    }

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, UTF_8);
        return p;
    }

    @Test
    void valuesFromTheFileAreTheDefaultsShownByHelp() throws Exception {
        Path f = file("mediachanged.properties", "bell-interval=1m\nanswer-timeout=8h\nmax-pending=9\n");
        assertThat(run(f, "--help")).isZero();
        // Joined up: where help wraps a description depends on the widest option.
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("(default: 1m)").contains("(default: 8h)")
                .contains("(default: 9)");
    }

    @Test
    void theConfigOptionPicksAnotherFile() throws Exception {
        Path standard = file("mediachanged.properties", "bell-interval=1m\n");
        Path other = file("other.properties", "bell-interval=2m\n");
        assertThat(run(standard, "--config", other.toString(), "--help")).isZero();
        assertThat(out.toString()).contains("(default: 2m)").doesNotContain("(default: 1m)");
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
}
