package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * The built launchers from the outside: scripts/mediachanged on the X display,
 * requests from scripts/mediachangec, nc and the original Perl client, and the
 * operator's answers typed with xdotool. Runs from a scratch directory, so the
 * launchers must work from any working directory.
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class})
@Timeout(120)
class LaunchersIT {

    /** The original client from "Mastering Perl/Tk", chapter 19, reduced to its exchange. */
    private static final String PERL_CLIENT = """
            use IO::Socket;
            my ($host, $port, $msg) = @ARGV;
            my $sock = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Proto => 'tcp')
                or die "mediachangec: cannot connect: $!\\n";
            print $sock "$msg\\n";
            print STDOUT <$sock>;
            """;

    private Outside outside;
    private Path work;

    @BeforeEach
    void setUp(Outside outside) {
        this.outside = outside;
        this.work = outside.work();
    }

    @Test
    void returnAnswersOkAndTheClientExitsZero() throws Exception {
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8");
                Launched c = outside.client("127.0.0.1", "-p", Integer.toString(d.port()), "Please", "mount",
                        "volume", "3")) {
            outside.answer("Return");
            assertThat(c.exitCode(20)).isZero();
            assertThat(c.stdout()).isEqualTo("Ok\n");
            assertThat(c.stderr()).isEmpty();
            assertThat(d.process().awaitStdout("outcome=ok ", 10)).contains("msg=\"Please mount volume 3\"");
        }
    }

    @Test
    void aReturnPressedAsTheDialogAppearsDoesNotAnswerButOneAfterTheDelayDoes() throws Exception {
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8");
                Launched c = outside.client("127.0.0.1", "-p", Integer.toString(d.port()), "Please mount volume 4")) {
            // The operator is typing elsewhere and hits Return just as the dialog appears and takes the
            // keyboard: as soon as xdotool sees the window mapped.
            String id = outside.awaitDialog();
            outside.xdotool("key", "Return");
            Thread.sleep(1500);
            assertThat(c.process().isAlive()).as("client answered by a stray Return").isTrue();
            assertThat(outside.visibleDialogs(Map.of())).contains(id);
            // Return again, the same way, once the dialog has been up for a while: it answers.
            outside.xdotool("key", "Return");
            assertThat(c.exitCode(20)).isZero();
            assertThat(c.stdout()).isEqualTo("Ok\n");
            assertThat(d.process().awaitStdout("outcome=ok ", 10)).contains("msg=\"Please mount volume 4\"");
        }
    }

    @Test
    void aClickOnOkAsTheDialogAppearsAnswers() throws Exception {
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8");
                Launched c = outside.client("127.0.0.1", "-p", Integer.toString(d.port()), "Please mount volume 5")) {
            String id = outside.awaitDialog();
            // The OK button: left of the middle of the dialog's bottom row (JOptionPane centres OK, Cancel).
            String geometry = outside.xdotool("getwindowgeometry", "--shell", id);
            int width = Integer.parseInt(geometry.replaceAll("(?s).*WIDTH=(\\d+).*", "$1"));
            int height = Integer.parseInt(geometry.replaceAll("(?s).*HEIGHT=(\\d+).*", "$1"));
            outside.xdotool("mousemove", "--window", id, Integer.toString(width / 2 - 40),
                    Integer.toString(height - 25), "click", "1");
            assertThat(c.exitCode(20)).isZero();
            assertThat(c.stdout()).isEqualTo("Ok\n");
        }
    }

    @Test
    void escapeAnswersCancelAndTheClientExitsOne() throws Exception {
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8");
                Launched c = outside.client("127.0.0.1", "-p", Integer.toString(d.port()), "Tape full")) {
            outside.answer("Escape");
            assertThat(c.exitCode(20)).isEqualTo(1);
            assertThat(c.stdout()).isEqualTo("Cancel\n");
        }
    }

    @Test
    void ncClientGetsTheAnswer() throws Exception {
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8");
                Launched nc = outside.start(List.of("sh", "-c",
                        "printf 'from nc\\n' | nc 127.0.0.1 " + d.port()))) {
            outside.answer("Return");
            assertThat(nc.exitCode(20)).isZero();
            assertThat(nc.stdout()).isEqualTo("Ok\n");
        }
    }

    @Test
    void originalPerlClientGetsTheAnswer() throws Exception {
        Path perl = outside.writeScript("mediachangec.pl", PERL_CLIENT);
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8");
                Launched c = outside.start(List.of("perl", perl.toString(), "127.0.0.1",
                        Integer.toString(d.port()), "from the Perl client"))) {
            outside.answer("Escape");
            assertThat(c.exitCode(20)).isZero();
            assertThat(c.stdout()).isEqualTo("Cancel\n");
            assertThat(d.process().awaitStdout("outcome=cancel ", 10)).contains("msg=\"from the Perl client\"");
        }
    }

    @Test
    void daemonThatDoesNotAllowThisHostMakesTheClientExitFour() throws Exception {
        try (Outside.Daemon d = outside.daemon("--allow", "10.0.0.0/8");
                Launched c = outside.client("127.0.0.1", "-p", Integer.toString(d.port()), "let me in")) {
            assertThat(c.exitCode(20)).isEqualTo(4);
            assertThat(c.stdout()).isEqualTo("Denied\n");
            assertThat(c.stderr()).contains("refused this host").hasLineCount(1);
            assertThat(d.process().awaitStdout("outcome=denied peer=127.0.0.1", 10)).isNotEmpty();
        }
    }

    @Test
    void noDaemonListeningMakesTheClientExitFiveWithinTheConnectTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Launched c = outside.client("--connect-timeout", "3s", "127.0.0.1", "-p", Integer.toString(port),
                "anyone?")) {
            assertThat(c.exitCode(10)).isEqualTo(5);
            assertThat(c.stdout()).isEmpty();
            assertThat(c.stderr()).startsWith("mediachangec: cannot reach the daemon at 127.0.0.1:" + port)
                    .hasLineCount(1);
        }
    }

    @Test
    void daemonWithoutDisplaySetExitsThreeNamingDisplay() throws Exception {
        Map<String, String> noDisplay = new HashMap<>();
        noDisplay.put("DISPLAY", null);
        try (Launched d = outside.start(noDisplay, List.of(outside.script("mediachanged").toString(), "--port", "0"))) {
            assertThat(d.exitCode(30)).isEqualTo(3);
            assertThat(d.stderr()).contains("DISPLAY is not set").hasLineCount(1).doesNotContain("Exception");
        }
    }

    @Test
    void sigtermStopsTheDaemonWithinFiveSecondsAndTellsThePendingClient() throws Exception {
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8");
                Launched c = outside.client("127.0.0.1", "-p", Integer.toString(d.port()), "pending")) {
            outside.xdotool("search", "--sync", "--onlyvisible", "--name", "^mediachanged");
            d.process().process().destroy(); // SIGTERM
            assertThat(d.process().process().waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s").isTrue();
            assertThat(d.process().process().exitValue()).isEqualTo(143);
            // Not the request's end: it is kept, to be continued when the client sends it again (no audit line).
            assertThat(d.process().stdout()).contains("request 1 waits for its client to send it again after the"
                    + " restart").doesNotContain("outcome=");
            // Told "Error shutting down", the client waits to send its request again (RestartWhileWaitingIT).
            c.awaitStderr("mediachangec: lost the console at 127.0.0.1:" + d.port() + " (it is shutting down);"
                    + " re-sending the request when it is back\n", 10);
            assertThat(c.process().isAlive()).isTrue();
            assertThat(c.stdout()).isEmpty();
        }
    }

    @Test
    void signedExchangeWithASharedKey() throws Exception {
        Path key = work.resolve("mediachange.key");
        Files.writeString(key, "c2hhcmVkIHNlY3JldCBmb3IgdGhlIHRlc3Qgb25seQ==\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8", "--key-file", key.toString());
                Launched c = outside.client("--key-file", key.toString(), "127.0.0.1", "-p",
                        Integer.toString(d.port()), "signed request");
                Launched plain = outside.client("127.0.0.1", "-p", Integer.toString(d.port()), "unsigned")) {
            assertThat(plain.exitCode(20)).isEqualTo(4);
            assertThat(plain.stdout()).isEqualTo("Error authentication required\n");
            outside.answer("Return");
            assertThat(c.exitCode(20)).isZero();
            assertThat(c.stdout()).isEqualTo("Ok\n");
            assertThat(d.process().awaitStdout("outcome=ok ", 10)).contains("msg=\"signed request\"");
        }
    }

    @Test
    void killedClientWithdrawsItsDialog() throws Exception {
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8");
                Launched c = outside.client("127.0.0.1", "-p", Integer.toString(d.port()), "backup killed")) {
            outside.xdotool("search", "--sync", "--onlyvisible", "--name", "^mediachanged");
            c.process().destroyForcibly(); // kill -9, as when the backup job is killed
            assertThat(d.process().awaitStdout("outcome=withdrawn ", 10)).contains("msg=\"backup killed\"");
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!onScreen().isEmpty() && System.nanoTime() - end < 0) {
                Thread.sleep(50);
            }
            assertThat(onScreen()).as("dialog windows left").isEmpty();
        }
    }

    /** Ids of mediachanged dialogs mapped now (xdotool exits 1 when there are none). */
    private String onScreen() throws Exception {
        Process p = new ProcessBuilder("xdotool", "search", "--onlyvisible", "--name", "^mediachanged")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        return out;
    }

    @Test
    void nonAsciiMessageSurvivesEveryHopUnderLangC() throws Exception {
        Map<String, String> c = Map.of("LANG", "C", "LC_ALL", "C");
        String message = "Bänd 3 – テープ";
        try (Outside.Daemon d = outside.daemon(c, "--allow", "127.0.0.0/8");
                Launched client = outside.start(c, List.of(outside.script("mediachangec").toString(), "127.0.0.1",
                        "-p", Integer.toString(d.port()), message))) {
            outside.answer("Return");
            assertThat(client.exitCode(20)).isZero();
            assertThat(d.process().awaitStdout("outcome=ok ", 10)).contains("msg=\"" + message + "\"");
        }
    }

    @Test
    void launcherWorksThroughASymlink() throws Exception {
        Path link = work.resolve("bin").resolve("mediachangec");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, outside.script("mediachangec"));
        try (Launched c = outside.start(List.of(link.toString(), "--version"))) {
            assertThat(c.exitCode(20)).isZero();
            assertThat(c.stdout()).startsWith("mediachangec ");
        }
    }
}
