package org.mediachange.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.dialog.NoDisplayException;
import org.mediachange.daemon.dialog.PromptFactory;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.state.StateDirectory;
import org.mediachange.daemon.state.StateStore;

/** The daemon's command line: bad options and failed starts give one clear line and a named exit code. */
class DaemonCommandTest {

    /** A prompt factory for runs that must stop before the daemon starts. */
    private static final PromptFactory NOT_TO_BE_OPENED = bell -> {
        throw new IllegalStateException("the daemon started, but it should have stopped before");
    };

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(PromptFactory factory, String... args) {
        return DaemonCommand.commandLine(factory, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private int run(String... args) {
        return run(bell -> ScriptedOperator.always(Decision.OK), args);
    }

    @Test
    void badCidrIsAUsageErrorOnOneLine() {
        assertThat(run("--allow", "10.0.0.0/40")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).startsWith("mediachanged: ").contains("'10.0.0.0/40'").hasLineCount(1);
    }

    @Test
    void hostNameIsNotAcceptedAsANetwork() {
        assertThat(run("--allow", "backup.example.com")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("is not an IPv4 or IPv6 address").hasLineCount(1);
    }

    @Test
    void badDurationIsAUsageError() {
        assertThat(run("--bell-interval", "often")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("'often' is not a duration").hasLineCount(1);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("--fork")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("--fork").hasLineCount(1);
    }

    @Test
    void helpListsEveryExitCode() {
        assertThat(run("--help")).isZero();
        for (ExitCode e : ExitCode.values()) {
            assertThat(out.toString()).containsPattern("(?m)^\\s+" + e.code() + "\\s+\\S");
        }
    }

    @Test
    void noDisplayExitsWithItsOwnCodeAndMessage() {
        PromptFactory none = bell -> {
            throw new NoDisplayException("no X display: DISPLAY is not set", null);
        };
        assertThat(run(none, "--port", "0")).isEqualTo(ExitCode.NO_DISPLAY.code());
        assertThat(err.toString()).isEqualTo("mediachanged: no X display: DISPLAY is not set" + System.lineSeparator());
    }

    @Test
    void emptyAllowListStopsTheDaemonAtStart() {
        assertThat(run("--allow", "")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("'' is not an IPv4 or IPv6 address").hasLineCount(1);
    }

    /** Bounded: a daemon that took this key would go on serving instead of returning. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void keyFileOthersMayWriteStopsTheDaemonAtStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path key = dir.resolve("key");
        java.nio.file.Files.writeString(key, "0123456789abcdef0123456789abcdef\n");
        java.nio.file.Files.setPosixFilePermissions(key,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx-wx-wx"));
        assertThat(run("--port", "0", "--key-file", key.toString())).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).isEqualTo("mediachanged: key file " + key + " has mode 0733: group and others"
                + " may write and execute it; run chmod 600 " + key + System.lineSeparator());
    }

    @Test
    void portInUseFailsAtStartWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = run("--bind", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(code).isEqualTo(ExitCode.FAILURE.code());
            assertThat(err.toString()).isEqualTo("mediachanged: cannot listen on 127.0.0.1 port " + taken.getLocalPort()
                    + ": Address already in use" + System.lineSeparator());
        }
    }

    @Test
    void anUnbalancedQuoteInANotifyCommandIsAUsageError() {
        assertThat(run("--port", "0", "--notify", "/usr/bin/page 'on call")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).isEqualTo("mediachanged: Invalid value for option '--notify' (COMMAND):"
                + " unbalanced ' (single quote) (see 'mediachanged --help')" + System.lineSeparator());
    }

    @Test
    void aPipeInANotifyCommandIsAUsageErrorSayingThereIsNoShell() {
        assertThat(run("--port", "0", "--notify", "/bin/echo hi | mail ops")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("unquoted '|': notify commands are not run by a shell").hasLineCount(1);
    }

    @Test
    void aNotifyProgramThatIsNotThereStopsTheDaemonAtStart() {
        assertThat(run("--port", "0", "--notify", "/bin/true", "--notify", "/nonexistent/page x"))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).isEqualTo("mediachanged: --notify: '/nonexistent/page' is not an executable file"
                + System.lineSeparator());
    }

    @Test
    void helpShowsTheNotifyOptionsAndTheirDefaults() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--notify=COMMAND").containsPattern("--notify-every=DURATION[\\s\\S]*"
                + "\\(default: 15m\\)").containsPattern("--notify-after=DURATION[\\s\\S]*\\(default: 0\\)");
    }

    @Test
    void valuesOutOfRangeNameTheOptionTheValueAndTheRange() {
        String[][] cases = {
            {"--port", "70000", "'70000' is not a port number (0-65535, 0 for any free port)"},
            {"--request-timeout", "0", "'0' is not a duration of more than 0"},
            {"--max-pending", "0", "'0' is not a whole number of at least 1"},
            {"--max-per-source", "-3", "'-3' is not a whole number of at least 1"},
            {"--max-line", "2147483647", "'2147483647' is not a line length from 1 to 65536 bytes"},
            {"--max-line", "65537", "'65537' is not a line length from 1 to 65536 bytes"},
            {"--max-line", "0", "'0' is not a line length from 1 to 65536 bytes"},
        };
        for (String[] c : cases) {
            err.getBuffer().setLength(0);
            // Were a value accepted, the daemon would stop here instead of listening.
            assertThat(run(NOT_TO_BE_OPENED, c[0], c[1])).as(c[0] + " " + c[1]).isEqualTo(ExitCode.USAGE.code());
            assertThat(err.toString()).isEqualTo("mediachanged: Invalid value for option '" + c[0] + "': " + c[2]
                    + " (see 'mediachanged --help')" + System.lineSeparator());
        }
    }

    @Test
    void theLargestMaxLineIsAccepted() {
        assertThat(run(NOT_TO_BE_OPENED, "--max-line", "65536", "--check-config")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void checkConfigOfABadCommandLineExitsTwo() {
        assertThat(run(NOT_TO_BE_OPENED, "--check-config", "--port", "65536")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("'65536' is not a port number").hasLineCount(1);
    }

    @Test
    void aMaxLineAboveTheCapIsRefusedAtStart() {
        for (String bytes : List.of("65537", "1048576", "2147483647")) {
            err.getBuffer().setLength(0);
            assertThat(run(NOT_TO_BE_OPENED, "--max-line", bytes)).as(bytes).isEqualTo(ExitCode.USAGE.code());
            assertThat(err.toString()).contains("'" + bytes + "' is not a line length from 1 to 65536 bytes")
                    .hasLineCount(1);
        }
    }

    @Test
    void listenAddressesReadOnceEach() throws Exception {
        assertThat(DaemonCommand.where(null, 8979)).isEqualTo("all interfaces port 8979");
        assertThat(DaemonCommand.where(InetAddress.getByName("0.0.0.0"), 8979)).isEqualTo("0.0.0.0 port 8979");
        assertThat(DaemonCommand.where(InetAddress.getByName("::1"), 18979)).isEqualTo("::1 port 18979");
        assertThat(DaemonCommand.where(InetAddress.getByName("127.0.0.1"), 0)).isEqualTo("127.0.0.1 port 0");
    }

    @Test
    void checkConfigExitsTwoNamingAStateDirectoryItCannotWrite(@TempDir Path dir)
            throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("state"), "x");
        assertThat(run(NOT_TO_BE_OPENED, "--check-config", "--state-dir", notADirectory.toString()))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).startsWith("mediachanged: cannot write the state directory " + notADirectory
                + " (owned by ").contains("; give it to the user the daemon runs as").hasLineCount(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void checkConfigOfAWritableStateDirectoryIsOk(@TempDir Path dir) {
        assertThat(run(NOT_TO_BE_OPENED, "--check-config", "--state-dir", dir.resolve("new").toString())).isZero();
        assertThat(err.toString()).isEmpty();
    }

    /** Bounded: a daemon that did not see the other one would go on serving instead of returning. */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSecondDaemonOnTheSameStateDirectoryStopsAtStartWithOneLine(@TempDir Path dir) throws Exception {
        StateStore.Opened first = StateStore.open(new StateDirectory(dir), Clock.systemUTC(),
                OptionalLong::empty);
        try {
            assertThat(run("--port", "0", "--state-dir", dir.toString())).isEqualTo(ExitCode.FAILURE.code());
            assertThat(err.toString()).isEqualTo("mediachanged: another mediachanged uses the state directory " + dir
                    + " (it holds state.lock): stop it first, or give this one a --state-dir of its own"
                    + System.lineSeparator());
        } finally {
            first.store().close();
        }
    }
}
