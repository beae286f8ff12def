package org.mediachange.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.AnswerResult;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.state.StateDirectory;
import org.mediachange.daemon.state.StateStore;
import org.mediachange.daemon.testing.AuditCapture;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RunningServer;

/**
 * A request outlives the daemon (issue 14, item 2), on the real accept loop:
 * stopped while a request waits, the daemon tells the client {@code Error
 * shutting down} and writes no audit line; started again on the same state,
 * it takes the client's next try (same address, same message) as that
 * request: same id, same age, one audit line for its end, with
 * {@code restarts=1}. Each "daemon" is a state store, a board and an accept
 * loop, stopped in the daemon's order (the loop, then the store).
 */
@Timeout(60)
class RestartRecognitionTest {

    @RegisterExtension
    final AuditCapture audit = new AuditCapture();

    @TempDir
    Path state;

    /** A daemon on {@link #state}: its store, board and server. */
    private record Daemon(StateStore store, RequestBoard board, RunningServer server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            server.close();
            store.close();
        }
    }

    private Daemon start(ScriptedOperator operator) throws Exception {
        StateStore.Opened o = StateStore.open(new StateDirectory(state), Clock.systemUTC(), OptionalLong::empty);
        RequestBoard board = new RequestBoard(Clock.systemUTC(), o.store(), o.board());
        o.store().attach(board::saved);
        return new Daemon(o.store(), board, RunningServer.with(operator).board(board).start());
    }

    @Test
    void theRequestSentAgainAfterARestartIsTheSameRequest() throws Exception {
        ScriptedOperator first = ScriptedOperator.holding();
        ScriptedOperator.Shown before;
        try (Daemon d = start(first); Peer client = Peer.connect(d.server().port())) {
            client.send("Mount volume 4 of /dev/nst0\n");
            before = first.next(5);
            d.close();
            assertThat(client.readAll()).isEqualTo("Error shutting down\n");
        }
        Thread.sleep(300);
        assertThat(audit.lines()).as("a stop is not the request's end").isEmpty();

        ScriptedOperator second = ScriptedOperator.holding();
        try (Daemon d = start(second)) {
            assertThat(d.board().answer(before.request().id(), Decision.OK, Answerer.DIALOG).status())
                    .as("not answerable before its client is back").isEqualTo(AnswerResult.Status.AWAY);
            try (Peer again = Peer.connect(d.server().port())) {
                again.send("Mount volume 4 of /dev/nst0\n");
                ScriptedOperator.Shown after = second.next(5);
                assertThat(after.request().id()).isEqualTo(before.request().id());
                assertThat(after.request().received()).isEqualTo(before.request().received());
                assertThat(after.request().restarts()).isEqualTo(1);
                Thread.sleep(1100);
                after.answer(Decision.OK);
                assertThat(again.readAll()).isEqualTo("Ok\n");
            }
            String line = audit.awaitLine("outcome=ok ", 5);
            assertThat(line).contains(" id=" + before.request().id() + " by=dialog ")
                    .contains(" restarts=1 msg=\"Mount volume 4 of /dev/nst0\"");
            double seconds = Double.parseDouble(line.replaceAll(".* seconds=([0-9.]+) .*", "$1"));
            assertThat(seconds).as("its age counts from its first arrival, across the restart")
                    .isGreaterThanOrEqualTo(Duration.between(before.request().received(), Instant.now()).toMillis()
                            / 1000.0 - 1.5).isGreaterThan(1.0);
            assertThat(audit.lines()).hasSize(1);
            try (Peer next = Peer.connect(d.server().port())) {
                next.send("another\n");
                assertThat(second.next(5).request().id()).as("a new request gets a new id")
                        .isGreaterThan(before.request().id());
            }
        }
    }

    @Test
    void identicalRequestsAreClaimedInTheOrderTheyFirstCameAndOnlyFromTheSameAddress() throws Exception {
        ScriptedOperator first = ScriptedOperator.holding();
        long a;
        long b;
        try (Daemon d = start(first); Peer p1 = Peer.connect(d.server().port());
                Peer p2 = Peer.connect(d.server().port())) {
            p1.send("tape full\n");
            a = first.next(5).request().id();
            p2.send("tape full\n");
            b = first.next(5).request().id();
        }
        ScriptedOperator second = ScriptedOperator.holding();
        try (Daemon d = start(second);
                Peer other = Peer.connect(InetAddress.getLoopbackAddress(), d.server().port(),
                        InetAddress.getByName("127.0.0.2"));
                Peer q1 = Peer.connect(d.server().port());
                Peer q2 = Peer.connect(d.server().port())) {
            other.send("tape full\n");
            assertThat(second.next(5).request().id()).as("another host's request is a new one").isGreaterThan(b);
            q1.send("tape full\n");
            assertThat(second.next(5).request().id()).isEqualTo(a);
            q2.send("tape full\n");
            assertThat(second.next(5).request().id()).isEqualTo(b);
        }
    }

    @Test
    void aRequestWhoseClientHasNotComeBackWaitsThroughAnotherRestart() throws Exception {
        long id;
        try (Daemon d = start(ScriptedOperator.holding()); Peer p = Peer.connect(d.server().port())) {
            p.send("from nc\n");
            id = waitPending(d.board());
        }
        try (Daemon d = start(ScriptedOperator.holding())) {
            assertThat(d.board().returning()).singleElement().satisfies(w -> assertThat(w.info().restarts())
                    .isEqualTo(1));
        }
        ScriptedOperator third = ScriptedOperator.holding();
        try (Daemon d = start(third); Peer p = Peer.connect(d.server().port())) {
            p.send("from nc\n");
            ScriptedOperator.Shown s = third.next(5);
            assertThat(s.request().id()).isEqualTo(id);
            assertThat(s.request().restarts()).isEqualTo(2);
        }
    }

    private static long waitPending(RequestBoard board) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (!board.view().pending().isEmpty()) {
                return board.view().pending().get(0).id();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no pending request");
    }
}
