package org.mediachange.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mediachange.client.ClientRun.lines;
import static org.mediachange.client.FakeDaemon.closeWithoutAnswer;
import static org.mediachange.client.FakeDaemon.reply;
import static org.mediachange.client.FakeDaemon.resetAfterRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.common.auth.AuthProtocol;
import org.mediachange.common.auth.SharedKey;

/**
 * A request outlives the daemon: once a {@link FakeDaemon} on loopback has
 * had the request and loses it (closes without an answer, resets, says
 * {@code Error shutting down}, or stops listening for a while), the client
 * sends the same request again, by default, until it is answered or
 * {@code --timeout} passes, with one note when the console is lost and one
 * when it is back. A first connection that is refused, and a host name that
 * does not resolve, still end the run at once. (RequestSenderTest follows
 * the pauses and reminders over hours on a clock of its own.)
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReconnectTest {

    @TempDir
    Path dir;

    private static ClientRun ask(FakeDaemon daemon, String... optionsAndMessage) {
        List<String> args = new ArrayList<>(List.of(optionsAndMessage));
        args.add(args.size() - 1, daemon.target());
        return ClientRun.run(args.toArray(String[]::new));
    }

    private static String lost(FakeDaemon daemon, String why) {
        return "mediachangec: lost the console at " + daemon.target() + " (" + why + ");"
                + " re-sending the request when it is back";
    }

    private static String back(FakeDaemon daemon) {
        return "mediachangec: the console at " + daemon.target() + " is back; request sent again";
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsSentAgain() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(closeWithoutAnswer(), reply("Ok"))) {
            assertThat(ask(daemon, "Insert tape 3")).isEqualTo(new ClientRun(0, lines("Ok"),
                    lines(lost(daemon, "connection closed without an answer"), back(daemon))));
            assertThat(daemon.awaitRequests(2)).containsExactly("Insert tape 3", "Insert tape 3");
        }
    }

    @Test
    void aResetConnectionIsSentAgain() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(resetAfterRequest(), reply("Cancel"))) {
            ClientRun run = ask(daemon, "Insert tape 3");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEqualTo(lines("Cancel"));
            assertThat(run.errLines()).hasSize(2);
            assertThat(run.errLines().get(0)).startsWith("mediachangec: lost the console at " + daemon.target() + " (")
                    .containsIgnoringCase("reset").endsWith("); re-sending the request when it is back");
            assertThat(run.errLines().get(1)).isEqualTo(back(daemon));
            assertThat(daemon.awaitRequests(2)).containsExactly("Insert tape 3", "Insert tape 3");
        }
    }

    @Test
    void errorShuttingDownIsSentAgainAndNeverPrintedOnStdout() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(reply("Error shutting down"), reply("Ok"))) {
            assertThat(ask(daemon, "Insert tape 3")).isEqualTo(new ClientRun(0, lines("Ok"),
                    lines(lost(daemon, "it is shutting down"), back(daemon))));
            assertThat(daemon.awaitRequests(2)).containsExactly("Insert tape 3", "Insert tape 3");
        }
    }

    @Test
    void aDaemonThatStopsListeningForAWhileGetsTheRequestWhenItIsBack() throws Exception {
        FakeDaemon first = FakeDaemon.start(FakeDaemon.silent());
        int port = first.port();
        Background client;
        try (first) {
            client = new Background("-p", Integer.toString(port), FakeDaemon.HOST, "Insert tape 3");
            assertThat(first.awaitRequests(1)).containsExactly("Insert tape 3");
        } // stopped: its port refuses connections until the next one listens there
        client.awaitErr("mediachangec: lost the console at " + first.target());
        try (FakeDaemon second = FakeDaemon.on(port, reply("Ok"))) {
            ClientRun run = client.finish();
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo(lines("Ok"));
            assertThat(run.errLines()).hasSize(2);
            assertThat(run.errLines().get(0)).startsWith("mediachangec: lost the console at " + first.target() + " (");
            assertThat(run.errLines().get(1)).isEqualTo(back(second));
            assertThat(second.awaitRequests(1)).containsExactly("Insert tape 3");
        }
    }

    @Test
    void quietKeepsStdoutEmptyAndTheNotesOnStderr() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(closeWithoutAnswer(), reply("Ok"))) {
            assertThat(ask(daemon, "-q", "Insert tape 3")).isEqualTo(new ClientRun(0, "",
                    lines(lost(daemon, "connection closed without an answer"), back(daemon))));
        }
    }

    @Test
    void theTimeoutBoundsTheWholeWaitAcrossReconnects() throws Exception {
        // After the one connection the daemon stops listening: every later try is refused.
        try (FakeDaemon daemon = FakeDaemon.start(closeWithoutAnswer())) {
            assertThat(ask(daemon, "--timeout", "1s", "Insert tape 3")).isEqualTo(new ClientRun(3, "",
                    lines(lost(daemon, "connection closed without an answer"),
                            "mediachangec: no answer from " + daemon.target() + " within the time set by --timeout")));
        }
    }

    @Test
    void anotherAnswerAfterAReconnectEndsTheRunAsItAlwaysDid() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(closeWithoutAnswer(), reply("Error authentication required"))) {
            assertThat(ask(daemon, "Insert tape 3")).isEqualTo(new ClientRun(4,
                    lines("Error authentication required"),
                    lines(lost(daemon, "connection closed without an answer"), back(daemon),
                            "mediachangec: the daemon at " + daemon.target()
                                    + " rejected the request: authentication required")));
        }
    }

    @Test
    void busyAfterAReconnectEndsTheRunWithoutRetryFor() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(reply("Error shutting down"), reply("Busy"))) {
            assertThat(ask(daemon, "Insert tape 3")).isEqualTo(new ClientRun(4, lines("Busy"),
                    lines(lost(daemon, "it is shutting down"), back(daemon),
                            "mediachangec: the daemon at " + daemon.target() + " is busy (too many pending"
                                    + " requests); try again later or use --retry-for")));
        }
    }

    @Test
    void aFirstConnectionThatIsRefusedStillEndsTheRun() throws Exception {
        int port = FakeDaemon.closedPort();
        ClientRun run = ClientRun.run("-p", Integer.toString(port), FakeDaemon.HOST, "Insert tape 3");
        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("mediachangec: cannot reach the daemon at " + FakeDaemon.HOST + ":" + port + ": ")
                .containsIgnoringCase("connection refused");
    }

    @Test
    void aHostThatDoesNotResolveEndsTheRunEvenWithRetryFor() {
        assertThat(ClientRun.run("--retry-for", "12h", "no-such-host.invalid", "Insert tape 3")).isEqualTo(
                new ClientRun(5, "", lines("mediachangec: cannot reach the daemon at no-such-host.invalid:8979:"
                        + " unknown host 'no-such-host.invalid'")));
    }

    @Test
    void aSignedRequestIsSignedAfreshForEachSend() throws Exception {
        String keyText = "0123456789abcdef0123456789abcdef";
        SharedKey key = SharedKey.of(keyText.getBytes(UTF_8));
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, keyText + "\n", UTF_8);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        try (FakeDaemon daemon = FakeDaemon.start(closeWithoutAnswer(), c -> {
            AuthProtocol.SignedRequest r = AuthProtocol.parseRequest(c.readRequest()).orElseThrow();
            c.write((AuthProtocol.signAnswer(key, r, "Ok") + "\n").getBytes(UTF_8));
        })) {
            assertThat(ask(daemon, "--key-file", keyFile.toString(), "Insert tape 3")).isEqualTo(new ClientRun(0,
                    lines("Ok"), lines(lost(daemon, "connection closed without an answer"), back(daemon))));
            List<AuthProtocol.SignedRequest> sent = daemon.awaitRequests(2).stream()
                    .map(line -> AuthProtocol.parseRequest(line).orElseThrow()).toList();
            assertThat(sent).hasSize(2).allSatisfy(r -> {
                assertThat(r.macValid(key)).isTrue();
                assertThat(r.message()).isEqualTo("Insert tape 3");
            });
            assertThat(sent.get(0).nonce()).isNotEqualTo(sent.get(1).nonce());
        }
    }
}
