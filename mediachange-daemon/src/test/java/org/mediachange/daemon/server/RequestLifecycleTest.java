package org.mediachange.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.dialog.DialogSurface;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.dialog.WhenDialogFails;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.testing.AuditCapture;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RunningServer;

/**
 * How a pending request ends other than by the operator: the client leaves,
 * the answer times out, the daemon stops, or the answer cannot be delivered.
 * Each ends in exactly one audit line.
 */
@Timeout(30)
class RequestLifecycleTest {

    @RegisterExtension
    final AuditCapture audit = new AuditCapture();

    private static ServerConfig answerTimeout(Duration t) {
        return RunningServer.loopback().answerTimeout(t).build();
    }

    @Test
    void clientThatGoesAwayWithdrawsItsDialog() throws Exception {
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator)) {
            ScriptedOperator.Shown shown;
            try (Peer peer = Peer.connect(server.port())) {
                peer.send("backup 7 wants a tape\n");
                shown = operator.next(5);
                Thread.sleep(1500);
            }
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=withdrawn ")
                    .contains("msg=\"backup 7 wants a tape\"");
            assertThat(shown.awaitWithdrawn(5)).isTrue();
        }
    }

    @Test
    void clientsThatCloseRightAfterTheirLineAreWithdrawnAndFreeTheirSlots() throws Exception {
        // Regression: a close within 1 s of the line was taken for a half-close, and eight such
        // clients held eight dialogs and eight slots for ever.
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator)) {
            for (int i = 0; i < 8; i++) {
                try (Peer peer = Peer.connect(server.port())) {
                    peer.send("hit and run " + i + "\n");
                }
            }
            assertThat(audit.await(8, 10)).hasSize(8).allMatch(l -> l.startsWith("outcome=withdrawn "));
            assertThat(operator.shown()).hasSize(8).allMatch(ScriptedOperator.Shown::withdrawn);
            assertThat(server.loop().pendingCount()).isZero();
        }
    }

    @Test
    void clientThatHalfClosesRightAfterItsLineStillGetsTheAnswer() throws Exception {
        // `ncat` and `nc -N` shut down their sending side when their input ends.
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator);
                Peer peer = Peer.connect(server.port())) {
            peer.send("from ncat\n");
            peer.socket().shutdownOutput();
            ScriptedOperator.Shown shown = operator.next(5);
            // Past several probes: none of them may withdraw the request or reach the answer.
            Thread.sleep(PeerWatch.EARLY_PROBES.get(PeerWatch.EARLY_PROBES.size() - 1)
                    .plus(PeerWatch.PROBE_INTERVAL).toMillis() + 500);
            assertThat(shown.withdrawn()).isFalse();
            shown.answer(Decision.OK);
            assertThat(peer.readAll()).isEqualTo("Ok\n");
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=ok ");
        }
    }

    @Test
    void clientThatHalfClosesAndThenDiesIsWithdrawn() throws Exception {
        // `printf 'msg\n' | nc -q 30 HOST 8979`, killed after 2 s: regression, the dialog stayed until
        // answered and the answer was undeliverable.
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator)) {
            ScriptedOperator.Shown shown;
            try (Peer peer = Peer.connect(server.port())) {
                peer.send("half-closed, then killed\n");
                peer.socket().shutdownOutput();
                shown = operator.next(5);
                Thread.sleep(2000);
            }
            assertThat(audit.await(1, 10)).singleElement().asString().startsWith("outcome=withdrawn ");
            assertThat(shown.awaitWithdrawn(5)).isTrue();
        }
    }

    @Test
    void halfClosingClientStillGetsItsAnswerWhenTheHostNameLookupIsSlow() throws Exception {
        // Regression (found by scripts/torture): the grace period was used up waiting for DNS.
        HostNames slow = address -> java.util.concurrent.CompletableFuture.supplyAsync(() -> "slow.example",
                java.util.concurrent.CompletableFuture.delayedExecutor(1500, java.util.concurrent.TimeUnit.MILLISECONDS));
        ScriptedOperator operator = ScriptedOperator.holding();
        ServerConfig patientDns = RunningServer.loopback().resolveTimeout(Duration.ofSeconds(3)).build();
        try (RunningServer server = RunningServer.start(operator, patientDns, slow);
                Peer peer = Peer.connect(server.port())) {
            peer.send("from ncat, slow DNS\n");
            peer.socket().shutdownOutput();
            ScriptedOperator.Shown shown = operator.next(10);
            assertThat(shown.request().host()).isEqualTo("slow.example");
            Thread.sleep(1200);
            assertThat(shown.withdrawn()).isFalse();
            shown.answer(Decision.OK);
            assertThat(peer.readAll()).isEqualTo("Ok\n");
        }
    }

    @Test
    void requestsThatAreNeverValidCostNoHostNameLookup() throws Exception {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        HostNames counting = address -> {
            lookups.incrementAndGet();
            return java.util.concurrent.CompletableFuture.completedFuture("h");
        };
        try (RunningServer server = RunningServer.start(ScriptedOperator.always(Decision.OK),
                answerTimeout(Duration.ZERO), counting)) {
            try (Peer p = Peer.connect(server.port())) {
                assertThat(p.send("\n").readAll()).isEqualTo("Error empty message\n");
            }
            try (Peer p = Peer.connect(server.port())) {
                p.send("no line end");
                p.socket().shutdownOutput();
                assertThat(p.readAll()).isEqualTo("Error incomplete request\n");
            }
            assertThat(lookups.get()).isZero();
            try (Peer p = Peer.connect(server.port())) {
                assertThat(p.send("valid\n").readAll()).isEqualTo("Ok\n");
            }
            assertThat(lookups.get()).isEqualTo(1);
        }
    }

    @Test
    void unansweredDialogTimesOutAndClosesWhenConfigured() throws Exception {
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator, answerTimeout(Duration.ofMillis(300)));
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("anyone there?\n").readAll()).isEqualTo("Timeout\n");
            assertThat(operator.shown()).singleElement()
                    .satisfies(s -> assertThat(s.awaitWithdrawn(5)).isTrue());
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=timeout ");
        }
    }

    @Test
    void withoutAnAnswerTimeoutTheRequestWaitsUntilAnswered() throws Exception {
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator); Peer peer = Peer.connect(server.port())) {
            peer.send("take your time\n");
            ScriptedOperator.Shown shown = operator.next(5);
            Thread.sleep(1500);
            assertThat(shown.decision()).isNotDone();
            shown.answer(Decision.CANCEL);
            assertThat(peer.readAll()).isEqualTo("Cancel\n");
        }
    }

    @Test
    void stoppingTheDaemonTellsEveryPendingClient() throws Exception {
        ScriptedOperator operator = ScriptedOperator.holding();
        RunningServer server = RunningServer.start(operator);
        try (Peer a = Peer.connect(server.port()); Peer b = Peer.connect(server.port())) {
            a.send("first\n");
            b.send("second\n");
            ScriptedOperator.Shown sa = operator.next(5);
            ScriptedOperator.Shown sb = operator.next(5);
            server.close();
            assertThat(a.readAll()).isEqualTo("Error shutting down\n");
            assertThat(b.readAll()).isEqualTo("Error shutting down\n");
            assertThat(sa.awaitWithdrawn(5)).isTrue();
            assertThat(sb.awaitWithdrawn(5)).isTrue();
            assertThat(audit.await(2, 5)).hasSize(2).allMatch(l -> l.startsWith("outcome=error:shutting-down "));
            assertThat(server.loop().pendingCount()).isZero();
        }
    }

    @Test
    void aShutdownDuringTheHostNameLookupEndsTheRequestBeforeAnyDialogShowsIt() throws Exception {
        // Regression: the request was put on the board and asked of the operator after the shutdown
        // had ended it, so its dialog flashed up while the daemon stopped.
        java.util.concurrent.CountDownLatch looking = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<String> name = new java.util.concurrent.CompletableFuture<>();
        HostNames slow = address -> {
            looking.countDown();
            return name;
        };
        ScriptedOperator operator = ScriptedOperator.holding();
        RunningServer server = RunningServer.start(operator, answerTimeout(Duration.ZERO), slow);
        try (Peer peer = Peer.connect(server.port())) {
            peer.send("racing the shutdown\n");
            assertThat(looking.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Thread stopper = new Thread(() -> {
                try {
                    server.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            stopper.start();
            awaitClosed(server.port()); // the listening socket goes first, then every handler hears of it
            Thread.sleep(200);
            name.complete("racer.example");
            assertThat(peer.readAll()).isEqualTo("Error shutting down\n");
            stopper.join(10_000);
            assertThat(operator.shown()).isEmpty();
            // (awaitClosed's own connections are refused with error:shutting-down too, without a message)
            assertThat(audit.awaitLine("msg=\"racing the shutdown\"", 5)).startsWith("outcome=error:shutting-down ");
            assertThat(server.loop().board().view().pending()).isEmpty();
        }
    }

    private static void awaitClosed(int port) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            try (Peer p = Peer.connect(port)) {
                Thread.sleep(10);
            } catch (java.io.IOException refused) {
                return;
            }
        }
        throw new AssertionError("the server still listens");
    }

    @Test
    void anUnexpectedFailureStillAnswersAndAuditsTheRequest() throws Exception {
        // Regression: the catch in the session (ConnectionHandler.run) wrote no audit line and sent nothing.
        // The failure comes from the session's clock, once the request is on the board and answered.
        for (Throwable failure : List.of(new IllegalStateException("boom"), new OutOfMemoryError("test heap"))) {
            AtomicBoolean armed = new AtomicBoolean();
            LongSupplier failingClock = () -> {
                if (armed.get()) {
                    armed.set(false);
                    if (failure instanceof Error e) {
                        throw e;
                    }
                    throw (RuntimeException) failure;
                }
                return System.nanoTime();
            };
            ScriptedOperator operator = ScriptedOperator.scripted(r -> {
                armed.set(true);
                return Optional.of(Decision.OK);
            });
            RequestBoard board = new RequestBoard();
            try (AuditCapture thisRound = new AuditCapture(); AuditLog log = new AuditLog();
                    DialogSurface dialog = DialogSurface.attach(board, operator, WhenDialogFails.END_REQUEST)) {
                AcceptLoop loop = AcceptLoop.bind(RunningServer.loopback().build(), HostNames.addressesOnly(), log,
                        board, failingClock);
                Thread t = loop.start();
                try (Peer peer = Peer.connect(loop.localAddress().getPort())) {
                    assertThat(peer.send("make it fail\n").readAll()).isEqualTo("Error internal error\n");
                    assertThat(thisRound.await(1, 5)).singleElement().asString()
                            .startsWith("outcome=error:internal-error ").contains(" id=1 ", "msg=\"make it fail\"");
                    assertThat(board.view().pending()).isEmpty();
                    assertThat(board.view().recent()).singleElement()
                            .satisfies(c -> assertThat(c.outcome()).isEqualTo("error:internal-error"));
                } finally {
                    loop.stop();
                    t.join(5000);
                }
            }
        }
    }

    /**
     * A client that half-closes, then resets the connection between two probes:
     * the daemon has not noticed yet when it replies, so the reply cannot be sent.
     */
    private static Peer halfCloseThenReset(RunningServer server, String line) throws Exception {
        Peer peer = Peer.connect(server.port());
        peer.send(line);
        peer.socket().shutdownOutput();
        // After the early probes: the next one is PROBE_INTERVAL away.
        Thread.sleep(PeerWatch.EARLY_PROBES.get(PeerWatch.EARLY_PROBES.size() - 1).toMillis() + 300);
        peer.socket().setSoLinger(true, 0);
        peer.close();
        return peer;
    }

    @Test
    void answerToAClientThatResetTheConnectionIsLoggedUndeliverable() throws Exception {
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator)) {
            halfCloseThenReset(server, "about to vanish\n");
            ScriptedOperator.Shown shown = operator.next(5);
            shown.answer(Decision.OK);
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=undeliverable:ok ")
                    .contains(" by=dialog ");
        }
    }

    @Test
    void timeoutToAClientThatResetTheConnectionIsLoggedUndeliverable() throws Exception {
        // Regression: Timeout was logged as sent even when it could not be.
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator, answerTimeout(Duration.ofMillis(1700)))) {
            halfCloseThenReset(server, "nobody will hear the timeout\n");
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=undeliverable:timeout ");
        }
    }

    @Test
    void shutdownToAClientThatResetTheConnectionIsLoggedUndeliverable() throws Exception {
        // Regression: Error shutting down was logged as sent even when it could not be.
        ScriptedOperator operator = ScriptedOperator.holding();
        RunningServer server = RunningServer.start(operator);
        halfCloseThenReset(server, "the daemon stops after I left\n");
        operator.next(5);
        server.close();
        assertThat(audit.await(1, 5)).singleElement().asString()
                .startsWith("outcome=undeliverable:shutting-down ");
    }
}
