package org.mediachange.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.common.cli.ConfigFileDefaults;
import org.mediachange.daemon.dialog.NoDisplayException;
import org.mediachange.daemon.dialog.PromptFactory;
import picocli.CommandLine;

/** The web console's options: mistakes stop the daemon at start with one line and exit code 2. */
class DaemonWebOptionsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    /** No display: any test that reaches the dialog would see exit 3. */
    private final PromptFactory noDisplay = bell -> {
        throw NoDisplayException.displayNotSet();
    };

    private int run(String... args) {
        return DaemonCommand.commandLine(noDisplay, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void dialogNoneNeedsTheWebConsole() {
        assertThat(run("--port", "0", "--dialog", "none")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("--dialog none needs --web").hasLineCount(1);
    }

    @Test
    void anUnknownDialogModeIsAUsageError() {
        assertThat(run("--port", "0", "--dialog", "gtk")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("Invalid value for option '--dialog': expected one of [x11, none]"
                + " (case-sensitive) but was 'gtk'").hasLineCount(1);
    }

    @Test
    void aBadWebAddressIsAUsageError() {
        assertThat(run("--web", "127.0.0.1:99999")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("the port must be 0-65535").hasLineCount(1);
        err.getBuffer().setLength(0);
        assertThat(run("--web", "::1:8980")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("write an IPv6 address in brackets").hasLineCount(1);
    }

    @Test
    void aBadWebUrlIsAUsageError() {
        assertThat(run("--web", "0", "--web-url", "console.example.org:8443")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("'console.example.org:8443' must start with https:// (or http://)")
                .hasLineCount(1);
        err.getBuffer().setLength(0);
        assertThat(run("--web", "0", "--web-url", "https://example.org/?token=1")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("must not have a query (?) or fragment (#)").hasLineCount(1);
    }

    @Test
    void theWebUrlNeedsTheWebConsole() {
        assertThat(run("--port", "0", "--web-url", "https://console.example.org")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("--web-url needs --web").hasLineCount(1);
    }

    @Test
    void checkConfigChecksTheWebConsolesFilesWithoutStartingIt(@TempDir Path dir) throws Exception {
        Path ops = dir.resolve("operators");
        Files.writeString(ops, "");
        Files.setPosixFilePermissions(ops, PosixFilePermissions.fromString("rw-------"));
        String[] args = {"--check-config", "--port", "0", "--dialog", "none", "--web", "127.0.0.1:0",
            "--operators", ops.toString()};
        assertThat(run(args)).isZero();
        assertThat(out.toString()).startsWith("mediachanged: configuration OK");

        Files.setPosixFilePermissions(ops, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(run(args)).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).isEqualTo("mediachanged: operators file " + ops + " has mode 0640: group may read"
                + " it; run chmod 600 " + ops + System.lineSeparator());

        err.getBuffer().setLength(0);
        assertThat(run("--check-config", "--port", "0", "--web", "0.0.0.0:0", "--operators", ops.toString()))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).startsWith("mediachanged: refusing to serve the web console on").hasLineCount(1);
    }

    @Test
    void aHeadlessDaemonWithAnOpenOperatorsFileDoesNotStart(@TempDir Path dir) throws Exception {
        Path ops = dir.resolve("operators");
        Files.writeString(ops, "");
        Files.setPosixFilePermissions(ops, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThat(run("--port", "0", "--bind", "127.0.0.1", "--dialog", "none", "--web", "127.0.0.1:0",
                "--operators", ops.toString())).isEqualTo(ExitCode.USAGE.code());
        // Not exit 3: a headless daemon never asks for a display.
        assertThat(err.toString()).isEqualTo("mediachanged: operators file " + ops + " has mode 0664: group may read"
                + " and write it, others may read it; run chmod 600 " + ops + System.lineSeparator());
    }

    @Test
    void helpShowsTheWebOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--web=[ADDRESS:]PORT", "--dialog=MODE", "--operators=FILE",
                "--web-tls-keystore=FILE", "--web-tls-password-file=FILE", "--web-insecure", "--web-url=URL")
                .containsPattern("(?m)^  set-password, --set-password +Adds a web console operator")
                .contains("mediachanged set-password [OPTIONS] NAME");
    }

    @Test
    void setPasswordIsRefusedFromAConfigurationFile(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("mediachanged.properties");
        Files.writeString(conf, "set-password=alice\n");
        CommandLine cl = DaemonCommand.commandLine(noDisplay, new PrintWriter(out, true), new PrintWriter(err, true));
        DaemonCommand.readConfigFiles(cl, List.of(conf));
        assertThat(cl.execute("--operators", dir.resolve("operators").toString())).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).isEqualTo("mediachanged: " + conf + ": key 'set-password': set-password is"
                + " something to do, not a setting: remove it, and give it on the command line (mediachanged"
                + " set-password ...) (see 'mediachanged --help')" + System.lineSeparator());
        // Even where a file's keys are not checked against the command's, the value does not run set-password.
        err.getBuffer().setLength(0);
        CommandLine unchecked = DaemonCommand.commandLine(noDisplay, new PrintWriter(out, true),
                new PrintWriter(err, true));
        ConfigFileDefaults.install(unchecked, List.of(conf), "--config", Set.of());
        assertThat(unchecked.execute("--operators", dir.resolve("operators").toString()))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).startsWith("mediachanged: set-password is something to do, not a setting");
        assertThat(Files.exists(dir.resolve("operators"))).isFalse();
    }
}
