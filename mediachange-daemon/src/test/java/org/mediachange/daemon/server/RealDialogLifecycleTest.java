package org.mediachange.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mediachange.daemon.testing.SwingDriver.awaitDialog;
import static org.mediachange.daemon.testing.SwingDriver.awaitGone;
import static org.mediachange.daemon.testing.SwingDriver.find;

import java.time.Duration;
import javax.swing.JDialog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mediachange.daemon.dialog.ui.MessageText;
import org.mediachange.daemon.dialog.ui.SwingOperatorPrompt;
import org.mediachange.daemon.testing.AuditCapture;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RequiresDisplay;
import org.mediachange.daemon.testing.RunningServer;
import org.mediachange.daemon.testing.SwingDriver;

/**
 * The accept loop with the real Swing dialog: a dialog whose client goes away
 * closes, an unanswered dialog closes at the answer timeout, and hostile text
 * arrives in the dialog escaped.
 */
@ExtendWith(RequiresDisplay.class)
@Timeout(60)
class RealDialogLifecycleTest {

    @RegisterExtension
    final AuditCapture audit = new AuditCapture();

    private static ServerConfig config(Duration answerTimeout) {
        return RunningServer.loopback().answerTimeout(answerTimeout).build();
    }

    @Test
    void dialogClosesWhenTheClientGoesAway() throws Exception {
        try (RunningServer server = RunningServer.start(SwingOperatorPrompt.open(Duration.ZERO, () -> { }),
                        config(Duration.ZERO))) {
            JDialog dialog;
            try (Peer peer = Peer.connect(server.port())) {
                peer.send("the backup was killed\n");
                dialog = awaitDialog();
            }
            awaitGone(dialog, 10);
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=withdrawn ");
        }
    }

    @Test
    void dialogClosesAtTheAnswerTimeoutAndTheClientHearsTimeout() throws Exception {
        try (RunningServer server = RunningServer.start(SwingOperatorPrompt.open(Duration.ZERO, () -> { }),
                        config(Duration.ofSeconds(1)));
                Peer peer = Peer.connect(server.port())) {
            peer.send("nobody home\n");
            JDialog dialog = awaitDialog();
            assertThat(peer.readAll()).isEqualTo("Timeout\n");
            awaitGone(dialog, 10);
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=timeout ");
        }
    }

    @Test
    void hostileTextReachesTheDialogEscapedAndLiteral() throws Exception {
        try (RunningServer server = RunningServer.start(SwingOperatorPrompt.open(Duration.ZERO, () -> { }),
                config(Duration.ZERO));
                Peer peer = Peer.connect(server.port())) {
            peer.send("<html><b>bold</b> \u001b[2J \u202Egnp.exe\n");
            JDialog dialog = awaitDialog();
            MessageText text = find(dialog, MessageText.class, t -> true);
            assertThat(SwingDriver.<String>onEdt(text::getText))
                    .endsWith("\n\n<html><b>bold</b> \\x1B[2J \\u202Egnp.exe");
            peer.close();
            awaitGone(dialog, 10);
        }
    }
}
