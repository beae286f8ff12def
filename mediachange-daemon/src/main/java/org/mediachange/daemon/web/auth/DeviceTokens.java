package org.mediachange.daemon.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Device tokens, after OWASP's "Slow down online guessing attacks with device
 * cookies": a browser (in the cookie {@code mediachange-device}) or
 * {@code mediachangectl} (in its state directory) that has logged in as an
 * operator keeps a long-lived token naming that operator, signed like a
 * session ({@link SignedTokens}, its own key). An attempt for that operator
 * that brings one is <em>trusted</em>: it is throttled on that token's own
 * budget only, so guessing from the same address, for the same name or from
 * everywhere does not hold it up, and it never waits for an untrusted
 * password check. A new password, the operator's removal or a new server
 * secret ends every token of theirs.
 */
public final class DeviceTokens {

    /** How long a device token lasts from its login (each login makes a new one). */
    public static final Duration LIFETIME = Duration.ofDays(365);
    /** A token this old is replaced at its next use with HTTP Basic (a login always replaces it). */
    static final Duration RENEW_AFTER = Duration.ofDays(1);

    /** A valid device token: whose, its nonce (what the throttle counts), and whether to renew it. */
    public record Device(String operator, String nonce, boolean stale) {
    }

    private final SignedTokens tokens;

    /** Device tokens of the operators in {@code operators}, signed with {@code secret}, on {@code clock}. */
    public DeviceTokens(Operators operators, ServerSecret secret, Clock clock) {
        this.tokens = new SignedTokens("device", operators, secret, clock, LIFETIME);
    }

    /** A new device token for {@code operator}. */
    public String issue(OperatorsFile.Entry operator) {
        return tokens.issue(operator);
    }

    /** The device of {@code token} if it is a valid token of operator {@code name}; else empty (untrusted). */
    public Optional<Device> verify(String token, String name) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return tokens.verify(token).filter(t -> t.operator().name().equals(name)).map(t -> new Device(name,
                t.nonce(), tokens.now() - t.issued() >= RENEW_AFTER.toSeconds()));
    }
}
