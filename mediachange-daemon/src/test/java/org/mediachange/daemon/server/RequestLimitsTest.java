package org.mediachange.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.testing.AuditCapture;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RunningServer;

/** Bad and excessive requests get one clear answer, are logged, and never reach the operator. */
@Timeout(30)
class RequestLimitsTest {

    @RegisterExtension
    final AuditCapture audit = new AuditCapture();

    private static final AllowList LOOPBACK = AllowList.parse(List.of("127.0.0.0/8"));

    private static ServerConfig config(int maxLine, Duration requestTimeout, int maxPending, int maxPerSource) {
        return RunningServer.loopback().allowList(LOOPBACK).maxLineBytes(maxLine).requestTimeout(requestTimeout)
                .maxPending(maxPending).maxPerSource(maxPerSource).build();
    }

    @Test
    void lineOfExactlyTheCapIsAccepted() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = RunningServer.start(operator, config(16, Duration.ofSeconds(10), 64, 8));
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("0123456789abcdef\n").readAll()).isEqualTo("Ok\n");
            assertThat(operator.shown().get(0).request().message()).isEqualTo("0123456789abcdef");
        }
    }

    @Test
    void lineOverTheCapIsRefusedWithoutReachingTheOperator() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = RunningServer.start(operator, config(16, Duration.ofSeconds(10), 64, 8));
                Peer peer = Peer.connect(server.port())) {
            // 17 bytes and no line end yet: the daemon must decide without waiting for more.
            assertThat(peer.send("0123456789abcdefX").readAll()).isEqualTo("Error line too long\n");
            assertThat(operator.shown()).isEmpty();
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=error:line-too-long ");
        }
    }

    @Test
    void hugeLineGetsTheErrorEvenWhileTheClientKeepsSending() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = RunningServer.start(operator, config(4096, Duration.ofSeconds(10), 64, 8));
                Peer peer = Peer.connect(server.port())) {
            byte[] mib = new byte[1 << 20];
            Arrays.fill(mib, (byte) 'x');
            Thread writer = new Thread(() -> {
                try {
                    peer.sendBytes(mib);
                } catch (java.io.IOException expected) {
                    // the daemon closes after its error line; the rest cannot be sent
                }
            });
            writer.start();
            String answer = peer.readAll();
            writer.join(10_000);
            assertThat(answer).isEqualTo("Error line too long\n");
            assertThat(operator.shown()).isEmpty();
        }
    }

    @Test
    void theErrorSurvivesAClientThatReadsOnlyAfterSendingEverything() throws Exception {
        // As `nc -q 1` does with a megabyte on stdin: it sends all of it first, then reads. Closing
        // with its bytes unread would send a reset that can destroy the error line before it is read.
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        byte[] mib = new byte[1 << 20];
        Arrays.fill(mib, (byte) 'x');
        try (RunningServer server = RunningServer.start(operator, config(4096, Duration.ofSeconds(10), 64, 8))) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                try (Peer peer = Peer.connect(server.port())) {
                    try {
                        peer.sendBytes(mib);
                        peer.socket().shutdownOutput();
                    } catch (java.io.IOException e) {
                        // as nc: a failed send does not stop it from reading what came back
                    }
                    try {
                        answers.add(peer.readAll());
                    } catch (java.io.IOException e) {
                        answers.add("read failed: " + e.getMessage());
                    }
                }
            }
            assertThat(answers).hasSize(10).containsOnly("Error line too long\n");
            assertThat(audit.await(10, 10)).hasSize(10).allMatch(l -> l.startsWith("outcome=error:line-too-long "));
        }
    }

    @Test
    void wholeLineMustArriveWithinTheRequestTimeoutCountedFromAccept() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = RunningServer.start(operator, config(4096, Duration.ofMillis(600), 64, 8));
                Peer peer = Peer.connect(server.port())) {
            // A byte every 200 ms would keep a per-read timeout of 600 ms happy for ever.
            Thread dribbler = new Thread(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        peer.send("x");
                        Thread.sleep(200);
                    }
                } catch (Exception stopped) {
                    // the daemon closed the connection
                }
            });
            dribbler.setDaemon(true);
            dribbler.start();
            assertThat(peer.readAll()).isEqualTo("Error request timeout\n");
            dribbler.interrupt();
            assertThat(operator.shown()).isEmpty();
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=error:request-timeout ");
        }
    }

    @Test
    void emptyLineIsRefused() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = RunningServer.start(operator); Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("  \r\n").readAll()).isEqualTo("Error empty message\n");
            assertThat(operator.shown()).isEmpty();
        }
    }

    @Test
    void lineCutOffByTheClientIsRefused() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = RunningServer.start(operator);
                Peer peer = Peer.connect(server.port())) {
            peer.send("half a req");
            peer.socket().shutdownOutput();
            assertThat(peer.readAll()).isEqualTo("Error incomplete request\n");
            assertThat(operator.shown()).isEmpty();
            assertThat(audit.await(1, 5)).singleElement().asString()
                    .startsWith("outcome=error:incomplete-request ").contains("msg=\"half a req\"");
        }
    }

    @Test
    void pastTheCapPerSourceNewConnectionsGetBusy() throws Exception {
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator, config(4096, Duration.ofSeconds(10), 64, 2))) {
            List<Peer> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    held.add(Peer.connect(server.port()).send("held " + i + "\n"));
                    operator.next(5);
                }
                try (Peer third = Peer.connect(server.port())) {
                    assertThat(third.send("one too many\n").readAll()).isEqualTo("Busy\n");
                }
                // Another address is not affected by this one's cap.
                try (Peer other = connectFrom("127.0.0.2", server.port())) {
                    other.send("other host\n");
                    assertThat(operator.next(5).request().peer()).isEqualTo("127.0.0.2");
                }
            } finally {
                for (Peer p : held) {
                    p.close();
                }
            }
            assertThat(audit.lines()).anyMatch(l -> l.startsWith("outcome=busy peer=127.0.0.1 "));
        }
    }

    @Test
    void pastTheTotalCapNewConnectionsGetBusyAndSlowSendersCount() throws Exception {
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator, config(4096, Duration.ofSeconds(10), 3, 8))) {
            // Three connections that have not finished their line yet fill the daemon.
            List<Peer> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    slow.add(connectFrom("127.0.0." + (10 + i), server.port()).send("not finished"));
                }
                awaitPending(server, 3);
                try (Peer fourth = connectFrom("127.0.0.20", server.port())) {
                    assertThat(fourth.send("hello\n").readAll()).isEqualTo("Busy\n");
                }
            } finally {
                for (Peer p : slow) {
                    p.close();
                }
            }
            assertThat(operator.shown()).isEmpty();
        }
    }

    @Test
    void slowFloodFromOneHostDoesNotKeepAnotherHostOut() throws Exception {
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator, config(4096, Duration.ofSeconds(10), 64, 8))) {
            List<Peer> flood = new ArrayList<>();
            try {
                // 200 connections from one address that never finish their line (bounded count).
                for (int i = 0; i < 200; i++) {
                    Peer p = Peer.connect(server.port());
                    flood.add(p);
                    p.send("x");
                }
                awaitPending(server, 8); // the per-source cap holds the rest back with Busy
                try (Peer probe = connectFrom("127.0.0.2", server.port())) {
                    probe.send("probe from another host\n");
                    ScriptedOperator.Shown shown = operator.next(5);
                    assertThat(shown.request().message()).isEqualTo("probe from another host");
                    shown.answer(Decision.OK);
                    assertThat(probe.readAll()).isEqualTo("Ok\n");
                }
                awaitPending(server, 8); // the probe's handler finishes; the flood is still held

            } finally {
                for (Peer p : flood) {
                    p.close();
                }
            }
        }
    }

    /** Waits (bounded) until exactly {@code n} connections are being handled, and checks it. */
    private static void awaitPending(RunningServer server, int n) throws InterruptedException {
        for (int i = 0; i < 500 && server.loop().pendingCount() != n; i++) {
            Thread.sleep(10);
        }
        assertThat(server.loop().pendingCount()).isEqualTo(n);
    }

    /** Connects from another loopback address, which the daemon sees as another host. */
    static Peer connectFrom(String localAddress, int port) throws java.io.IOException {
        return Peer.connect(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(localAddress));
    }
}
