package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request outlives the daemon (issue 14, item 1), from the outside: the real
 * client launcher waits while the console's daemon is stopped with SIGTERM
 * and started again on the same port, and gets the operator's answer from the
 * new one, without any option. Our headless daemon is answered through its web
 * API; the original Perl daemon (which forks a child per request) through its
 * stand-in dialog. Beside ours, the original Perl client and {@code nc} show
 * what they do across the same restart: print {@code Error shutting down} and
 * end. Prints how long the console was away and how soon the waiting client
 * was back, for docs/OPERATIONS.md.
 */
@ExtendWith(RequiresTools.class)
@Timeout(180)
class RestartWhileWaitingIT {

    /** The original client from "Mastering Perl/Tk", chapter 19, reduced to its exchange (as in LaunchersIT). */
    private static final String PERL_CLIENT = """
            use IO::Socket;
            my ($host, $port, $msg) = @ARGV;
            my $sock = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Proto => 'tcp')
                or die "mediachangec: cannot connect: $!\\n";
            print $sock "$msg\\n";
            print STDOUT <$sock>;
            """;

    @TempDir
    Path work;
    private Outside outside;

    @BeforeEach
    void setUp() {
        outside = new Outside(work);
    }

    private static String lost(int port, String why) {
        return "mediachangec: lost the console at 127.0.0.1:" + port + " (" + why + ");"
                + " re-sending the request when it is back\n";
    }

    private static String back(int port) {
        return "mediachangec: the console at 127.0.0.1:" + port + " is back; request sent again\n";
    }

    @Test
    void ourDaemonStoppedAndStartedAgainAnswersTheWaitingClient() throws Exception {
        Path operators = WebSetup.operators(outside);
        int port = Outside.freePort();
        int webPort = Outside.freePort();
        Path perlClient = outside.writeScript("mediachangec.pl", PERL_CLIENT);
        String message = "Mount volume 4 of /dev/nst0";
        Outside.Daemon first = headless(operators, port, webPort);
        try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(port), message);
                Launched perl = outside.start(List.of("perl", perlClient.toString(), "127.0.0.1",
                        Integer.toString(port), "from the Perl client"));
                Launched nc = outside.start(List.of("sh", "-c", "printf 'from nc\\n' | nc 127.0.0.1 " + port))) {
            long sigterm;
            long stopped;
            try (first) {
                Api before = new Api(WebSetup.url(first.process()), WebSetup.NAME, WebSetup.PASSWORD);
                before.awaitPending(message, 20);
                before.awaitPending("from the Perl client", 20);
                before.awaitPending("from nc", 20);
                sigterm = System.nanoTime();
                first.process().process().destroy(); // SIGTERM, as service mediachanged restart sends
                assertThat(first.process().process().waitFor(10, TimeUnit.SECONDS)).as("stopped").isTrue();
                stopped = System.nanoTime();
                assertThat(first.process().stdout()).contains("outcome=error:shutting-down")
                        .contains("msg=\"" + message + "\"");
            }
            // The original Perl client and nc do not ask again: they print what they got and end.
            assertThat(perl.exitCode(20)).isZero();
            assertThat(perl.stdout()).isEqualTo("Error shutting down\n");
            assertThat(nc.exitCode(20)).isZero();
            assertThat(nc.stdout()).isEqualTo("Error shutting down\n");
            // Ours waits for the console to come back.
            client.awaitStderr(lost(port, "it is shutting down"), 20);
            assertThat(client.process().isAlive()).as("the client waits for the console").isTrue();

            try (Outside.Daemon second = headless(operators, port, webPort)) {
                long listening = System.nanoTime();
                Api api = new Api(WebSetup.url(second.process()), WebSetup.NAME, WebSetup.PASSWORD);
                long id = api.awaitPending(message, 20);
                long resent = System.nanoTime();
                client.awaitStderr(back(port), 20);
                assertThat(api.answer(id, "ok").get("outcome").getAsString()).isEqualTo("ok");
                assertThat(client.exitCode(20)).isZero();
                assertThat(client.stdout()).isEqualTo("Ok\n");
                assertThat(client.stderr()).isEqualTo(lost(port, "it is shutting down") + back(port));
                assertThat(second.process().awaitStdout("outcome=ok ", 10)).contains("by=web:alice")
                        .contains("msg=\"" + message + "\"");
                System.err.printf("RestartWhileWaitingIT: SIGTERM to exit %.0f ms; SIGTERM to listening again"
                        + " %.0f ms; the waiting client's request pending again %.0f ms after that%n",
                        (stopped - sigterm) / 1e6, (listening - sigterm) / 1e6, (resent - listening) / 1e6);
            }
        }
    }

    @Test
    void theOriginalPerlDaemonStoppedAndStartedAgainAnswersOurWaitingClient() throws Exception {
        OriginalDaemon first = OriginalDaemon.start(outside);
        int port = first.port();
        try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(port), "Bänd 5 – テープ")) {
            try (first) {
                assertThat(first.awaitDialog()).isEqualTo("Bänd 5 – テープ");
            } // its child, which holds the connection, ends with it: the connection closes without an answer
            client.awaitStderr(lost(port, "connection closed without an answer"), 20);
            assertThat(client.process().isAlive()).as("the client waits for the console").isTrue();
            try (OriginalDaemon second = OriginalDaemon.start(outside, port)) {
                assertThat(second.awaitDialog()).isEqualTo("Bänd 5 – テープ");
                client.awaitStderr(back(port), 20);
                second.answer("Cancel");
                assertThat(client.exitCode(20)).isEqualTo(1);
                assertThat(client.stdout()).isEqualTo("Cancel\n");
                assertThat(client.stderr()).isEqualTo(lost(port, "connection closed without an answer")
                        + back(port));
            }
        }
    }

    /** Our daemon without any display, answered from its web console, on fixed ports so it can start again there. */
    private Outside.Daemon headless(Path operators, int port, int webPort) throws Exception {
        Map<String, String> noDisplay = new HashMap<>();
        noDisplay.put("DISPLAY", null);
        return outside.daemon(noDisplay, "--dialog", "none", "--allow", "127.0.0.0/8", "--port",
                Integer.toString(port), "--web", "127.0.0.1:" + webPort, "--operators", operators.toString());
    }
}
