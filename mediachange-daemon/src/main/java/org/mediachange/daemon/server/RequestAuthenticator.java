package org.mediachange.daemon.server;

import org.mediachange.common.auth.AuthProtocol;
import org.mediachange.common.auth.SharedKey;
import org.mediachange.common.protocol.Reply;
import org.mediachange.daemon.model.RequestError;

/**
 * Checks request lines against the daemon's shared key: with a key, a line
 * must be a signed request whose MAC is right, whose time is fresh and whose
 * nonce is new ({@link ReplayGuard}); without one, a signed request is refused
 * (it cannot be checked) and a plain line is the message. Thread-safe: one
 * for all sessions.
 */
final class RequestAuthenticator {

    private final SharedKey key;
    private final ReplayGuard replayGuard = new ReplayGuard();

    /** Checks with {@code key}; null for the plain protocol. */
    RequestAuthenticator(SharedKey key) {
        this.key = key;
    }

    /** What a check says: a request to show, or a refusal. */
    sealed interface Checked permits Accepted, Refused {
    }

    /**
     * A request to show.
     *
     * @param message the message, without the signature
     * @param key     the key it was signed with, or null
     * @param signed  the signed request, or null: its answer is signed too
     */
    record Accepted(String message, SharedKey key, AuthProtocol.SignedRequest signed) implements Checked {

        /** The line that carries {@code reply} to this request's client: signed if the request was. */
        String answerLine(Reply reply) {
            return signed == null ? reply.toLine() : AuthProtocol.signAnswer(key, signed, reply.toLine());
        }
    }

    /**
     * A refused line.
     *
     * @param error   why
     * @param message what the audit line shows of it, or null
     */
    record Refused(RequestError error, String message) implements Checked {
    }

    /** Checks {@code line}, read at {@code nowMillis}. */
    Checked check(String line, long nowMillis) {
        if (key == null) {
            return AuthProtocol.looksAuthenticated(line) ? new Refused(RequestError.NO_KEY, null)
                    : new Accepted(line, null, null);
        }
        AuthProtocol.SignedRequest sr = AuthProtocol.parseRequest(line).orElse(null);
        if (sr == null) {
            return new Refused(RequestError.AUTH_REQUIRED, line);
        }
        // Check the MAC first, so only holders of the key can fill the replay memory.
        RequestError problem = !sr.macValid(key) ? RequestError.AUTH_FAILED
                : !sr.fresh(nowMillis) ? RequestError.STALE
                : !replayGuard.firstSeen(sr.nonce(), nowMillis) ? RequestError.REPLAYED
                : null;
        return problem != null ? new Refused(problem, sr.message()) : new Accepted(sr.message(), key, sr);
    }
}
