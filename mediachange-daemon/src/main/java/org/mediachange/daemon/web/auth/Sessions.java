package org.mediachange.daemon.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login sessions as signed tokens in the session cookie ({@link SignedTokens},
 * keyed with the {@link ServerSecret} and the operator's entry). So a session
 * outlives a daemon restart (the page reconnects by itself), ends after
 * {@link #LIFETIME}, and ends for good when the operator's password changes,
 * the operator is removed or the secret is replaced; logging out ends it at
 * once (the nonce is kept as revoked until the token would have expired
 * anyway). Neither the operators file nor the secret alone can make a token.
 */
public final class Sessions {

    /** How long a session lasts from its login. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    static final String LOGGED_OUT = "you logged out";
    static final String EXPIRED = "the session expired (12 hours after the login)";
    static final String CHANGED = "the password was changed, or the operator removed";

    private final SignedTokens tokens;
    /** Nonces of sessions logged out, to the epoch second they expire. */
    private final Map<String, Long> revoked = new ConcurrentHashMap<>();

    /** Sessions of the operators in {@code operators}, signed with {@code secret}, on {@code clock}. */
    public Sessions(Operators operators, ServerSecret secret, Clock clock) {
        this.tokens = new SignedTokens("session", operators, secret, clock, LIFETIME);
    }

    /** A new session token for {@code operator}. */
    public String issue(OperatorsFile.Entry operator) {
        return tokens.issue(operator);
    }

    /** The operator whose valid session {@code token} is, if it is one. */
    public Optional<String> operator(String token) {
        return valid(token).map(t -> t.operator().name());
    }

    /** The session {@code token} as an {@link Access}, if it is a valid one now. */
    public Optional<Access> access(String token) {
        return valid(token).map(t -> new SessionAccess(t, token));
    }

    /** Ends the session {@code token} (if it is a valid one). */
    public void revoke(String token) {
        tokens.verify(token).ifPresent(t -> revoked.put(t.nonce(), t.issued() + LIFETIME.toSeconds()));
        long now = tokens.now();
        for (Iterator<Long> it = revoked.values().iterator(); it.hasNext();) {
            if (it.next() < now) {
                it.remove();
            }
        }
    }

    private Optional<SignedTokens.Token> valid(String token) {
        return tokens.verify(token).filter(t -> !revoked.containsKey(t.nonce()));
    }

    /** A session, asked again: logged out, expired, or its operator's entry changed. */
    private final class SessionAccess implements Access {
        private final SignedTokens.Token first;
        private final String token;

        SessionAccess(SignedTokens.Token first, String token) {
            this.first = first;
            this.token = token;
        }

        @Override
        public String operator() {
            return first.operator().name();
        }

        @Override
        public Optional<String> ended() {
            if (revoked.containsKey(first.nonce())) {
                return Optional.of(LOGGED_OUT);
            }
            if (tokens.expired(first.issued())) {
                return Optional.of(EXPIRED);
            }
            return tokens.verify(token).isPresent() ? Optional.empty() : Optional.of(CHANGED);
        }
    }
}
