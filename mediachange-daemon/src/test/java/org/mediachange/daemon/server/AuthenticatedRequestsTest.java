package org.mediachange.daemon.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mediachange.common.auth.AuthProtocol;
import org.mediachange.common.auth.SharedKey;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.testing.AuditCapture;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RunningServer;

/**
 * A daemon with a key file shows only requests signed with that key, fresh
 * and never seen before, and signs its answers; a daemon without one refuses
 * signed requests instead of showing them as gibberish.
 */
@Timeout(30)
class AuthenticatedRequestsTest {

    @RegisterExtension
    final AuditCapture audit = new AuditCapture();

    private static final SharedKey KEY = SharedKey.of("0123456789abcdef0123456789abcdef".getBytes(UTF_8));
    private static final SharedKey OTHER = SharedKey.of("fedcba9876543210fedcba9876543210".getBytes(UTF_8));

    private static RunningServer keyed(ScriptedOperator operator) throws Exception {
        return RunningServer.start(operator,
                RunningServer.config(AllowList.parse(List.of("127.0.0.0/8"))).withKey(KEY));
    }

    private static String exchange(RunningServer server, String line) throws Exception {
        try (Peer p = Peer.connect(server.port())) {
            return p.send(line + "\n").readAll();
        }
    }

    @Test
    void signedRequestIsShownAndItsAnswerIsSigned() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = keyed(operator)) {
            AuthProtocol.SignedRequest r = AuthProtocol.sign(KEY, "Mount volume 3", System.currentTimeMillis());
            String answer = exchange(server, r.toLine());
            assertThat(answer).endsWith("\n");
            assertThat(AuthProtocol.verifyAnswer(KEY, r, answer.strip())).contains("Ok");
            assertThat(operator.shown()).singleElement()
                    .satisfies(s -> assertThat(s.request().message()).isEqualTo("Mount volume 3"));
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=ok ")
                    .contains("msg=\"Mount volume 3\"");
        }
    }

    @Test
    void unsignedRequestIsRefusedWithoutADialog() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = keyed(operator)) {
            assertThat(exchange(server, "Mount volume 3")).isEqualTo("Error authentication required\n");
            assertThat(operator.shown()).isEmpty();
            assertThat(audit.await(1, 5)).singleElement().asString()
                    .startsWith("outcome=error:authentication-required ");
        }
    }

    @Test
    void requestSignedWithAnotherKeyIsRefused() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = keyed(operator)) {
            String line = AuthProtocol.sign(OTHER, "Mount volume 3", System.currentTimeMillis()).toLine();
            assertThat(exchange(server, line)).isEqualTo("Error authentication failed\n");
            assertThat(operator.shown()).isEmpty();
        }
    }

    @Test
    void tamperedMessageIsRefused() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = keyed(operator)) {
            String line = AuthProtocol.sign(KEY, "Mount volume 3", System.currentTimeMillis()).toLine();
            assertThat(exchange(server, line.replace("volume 3", "volume 4"))).isEqualTo("Error authentication failed\n");
            assertThat(operator.shown()).isEmpty();
        }
    }

    @Test
    void staleRequestIsRefused() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = keyed(operator)) {
            long twoMinutesAgo = System.currentTimeMillis() - 120_000;
            assertThat(exchange(server, AuthProtocol.sign(KEY, "old", twoMinutesAgo).toLine()))
                    .isEqualTo("Error stale request\n");
            long inTheFuture = System.currentTimeMillis() + 120_000;
            assertThat(exchange(server, AuthProtocol.sign(KEY, "future", inTheFuture).toLine()))
                    .isEqualTo("Error stale request\n");
            assertThat(operator.shown()).isEmpty();
            assertThat(audit.await(2, 5)).allMatch(l -> l.startsWith("outcome=error:stale-request "));
        }
    }

    @Test
    void replayedRequestIsRefused() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = keyed(operator)) {
            String line = AuthProtocol.sign(KEY, "Mount volume 3", System.currentTimeMillis()).toLine();
            assertThat(exchange(server, line)).startsWith("MCAUTH1 ");
            assertThat(exchange(server, line)).isEqualTo("Error replayed request\n");
            assertThat(operator.shown()).hasSize(1);
        }
    }

    @Test
    void daemonWithoutKeyRefusesSignedRequests() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = RunningServer.start(operator)) {
            String line = AuthProtocol.sign(KEY, "Mount volume 3", System.currentTimeMillis()).toLine();
            assertThat(exchange(server, line)).isEqualTo("Error authentication not configured\n");
            assertThat(operator.shown()).isEmpty();
            // and the plain protocol still works unchanged
            assertThat(exchange(server, "Mount volume 3")).isEqualTo("Ok\n");
        }
    }
}
