package org.mediachange.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mediachange.daemon.dialog.DialogFailedException;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.dialog.WhenDialogFails;
import org.mediachange.daemon.model.AnswerResult;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.testing.AuditCapture;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RunningServer;

/**
 * One request, several surfaces: the dialog and answers given elsewhere on the
 * board (as the web console does). The first answer wins everywhere.
 */
@Timeout(30)
class SurfacesTest {

    @RegisterExtension
    final AuditCapture audit = new AuditCapture();

    private static RequestInfo awaitPending(RequestBoard board) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (!board.view().pending().isEmpty()) {
                return board.view().pending().get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no pending request on the board");
    }

    @Test
    void anAnswerFromAnotherSurfaceReachesTheClientAndClosesTheDialog() throws Exception {
        ScriptedOperator dialog = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(dialog);
                Peer peer = Peer.connect(server.port())) {
            peer.send("mount volume 12\n");
            ScriptedOperator.Shown shown = dialog.next(5);
            RequestBoard board = server.loop().board();
            RequestInfo info = awaitPending(board);
            assertThat(info.message()).isEqualTo("mount volume 12");
            assertThat(info.peer()).isEqualTo("127.0.0.1");

            assertThat(board.answer(info.id(), Decision.OK, Answerer.operator("alice")).status())
                    .isEqualTo(AnswerResult.Status.ANSWERED);
            assertThat(peer.readAll()).isEqualTo("Ok\n");
            assertThat(shown.awaitWithdrawn(5)).isTrue();
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=ok ")
                    .contains(" id=" + info.id() + " by=web:alice ");

            // The dialog's own answer, too late, changes nothing.
            shown.answer(Decision.CANCEL);
            assertThat(board.answer(info.id(), Decision.CANCEL, Answerer.operator("bob")).message())
                    .isEqualTo("request " + info.id() + " was already answered Ok by alice");
            assertThat(board.view().recent()).singleElement().satisfies(c -> {
                assertThat(c.outcome()).isEqualTo("ok");
                assertThat(c.by()).isEqualTo("web:alice");
            });
        }
    }

    @Test
    void theDialogsAnswerWinsOverALaterOne() throws Exception {
        ScriptedOperator dialog = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(dialog);
                Peer peer = Peer.connect(server.port())) {
            peer.send("mount volume 13\n");
            dialog.next(5).answer(Decision.CANCEL);
            assertThat(peer.readAll()).isEqualTo("Cancel\n");
            assertThat(audit.await(1, 5)).singleElement().asString().contains(" by=dialog ");
            long id = server.loop().board().view().recent().get(0).id();
            AnswerResult late = server.loop().board().answer(id, Decision.OK, Answerer.operator("alice"));
            assertThat(late.status()).isEqualTo(AnswerResult.Status.TOO_LATE);
            assertThat(late.message()).isEqualTo("request " + id + " was already answered Cancel on the console dialog");
        }
    }

    @Test
    void aDialogThatCannotBeBuiltEndsTheRequestWithAnError() throws Exception {
        OperatorPrompt broken = request -> CompletableFuture.failedFuture(
                new DialogFailedException("out of memory laying out the text", null));
        try (RunningServer server = RunningServer.start(broken);
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("hostile text\n").readAll()).isEqualTo("Error dialog failed\n");
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=error:dialog-failed ");
            assertThat(server.loop().board().view().pending()).isEmpty();
        }
    }

    @Test
    void aPromptThatThrowsEndsTheRequestWithAnErrorInsteadOfLeavingItWaiting() throws Exception {
        // Before the dialog was a surface of the board, this was the session's unexpected failure.
        for (Throwable failure : List.of(new IllegalStateException("boom"), new OutOfMemoryError("test heap"))) {
            OperatorPrompt throwing = request -> {
                if (failure instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) failure;
            };
            try (AuditCapture thisRound = new AuditCapture(); RunningServer server = RunningServer.start(throwing);
                    Peer peer = Peer.connect(server.port())) {
                assertThat(peer.send("make it fail\n").readAll()).isEqualTo("Error dialog failed\n");
                assertThat(thisRound.await(1, 5)).singleElement().asString()
                        .startsWith("outcome=error:dialog-failed ").contains(" id=1 ", "msg=\"make it fail\"");
                assertThat(server.loop().board().view().pending()).isEmpty();
            }
        }
    }

    @Test
    void withAnotherConsoleAFailedDialogLeavesTheRequestPendingThere() throws Exception {
        OperatorPrompt broken = request -> CompletableFuture.failedFuture(
                new DialogFailedException("out of memory laying out the text", null));
        try (RunningServer server = RunningServer.with(broken)
                        .whenDialogFails(WhenDialogFails.LEAVE_TO_OTHER_SURFACES).start();
                Peer peer = Peer.connect(server.port())) {
            RequestBoard board = server.loop().board();
            peer.send("hostile text\n");
            RequestInfo info = awaitPending(board);
            Thread.sleep(300);
            assertThat(board.view().pending()).extracting(RequestInfo::id).containsExactly(info.id());
            board.answer(info.id(), Decision.OK, Answerer.operator("alice"));
            assertThat(peer.readAll()).isEqualTo("Ok\n");
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=ok ");
        }
    }
}
