package org.mediachange.daemon.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tokens that name an operator and need no table on the server:
 * {@code NAME~ISSUED~NONCE~MAC}, NAME in base64url, ISSUED in epoch seconds,
 * NONCE 16 random bytes in base64url, MAC the HMAC-SHA256 of the rest with a
 * key derived from the {@link ServerSecret}, the token's purpose and the
 * operator's entry in the operators file as it is now. So a token holds only
 * while the operator has the same password, only for its purpose (a session
 * cookie is no device token), only with this daemon's secret, and only for
 * its lifetime.
 */
final class SignedTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_CHARS = 400;
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");
    /** Clocks of two machines (a restart on another host) may differ a little. */
    private static final long FUTURE_SLACK_SECONDS = 60;

    /** A verified token: whose, since when, and its nonce (which names it, e.g. to revoke it). */
    record Token(OperatorsFile.Entry operator, long issued, String nonce) {
    }

    private final String purpose;
    private final Operators operators;
    private final ServerSecret secret;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    SignedTokens(String purpose, Operators operators, ServerSecret secret, Clock clock, Duration lifetime) {
        this.purpose = purpose;
        this.operators = operators;
        this.secret = secret;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A new token for {@code operator}. */
    String issue(OperatorsFile.Entry operator) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String head = B64.encodeToString(operator.name().getBytes(StandardCharsets.UTF_8)) + "~"
                + clock.instant().getEpochSecond() + "~" + B64.encodeToString(nonce);
        return head + "~" + mac(operator, head);
    }

    /** The token {@code text} if it is one of ours, for an operator as the file says now, and not expired. */
    Optional<Token> verify(String text) {
        if (text == null || text.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        String[] parts = text.split("~", -1);
        if (parts.length != 4 || !SECONDS.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        String name;
        try {
            name = new String(B64D.decode(parts[0]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long issued = Long.parseLong(parts[1]);
        if (expired(issued) || issued > clock.instant().getEpochSecond() + FUTURE_SLACK_SECONDS
                || !OperatorsFile.NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Optional<OperatorsFile.Entry> op = operators.find(name);
        String head = parts[0] + "~" + parts[1] + "~" + parts[2];
        if (op.isEmpty() || !MessageDigest.isEqual(mac(op.get(), head).getBytes(StandardCharsets.US_ASCII),
                parts[3].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(new Token(op.get(), issued, parts[2]));
    }

    /** Whether a token issued at {@code issued} (epoch seconds) has expired by now. */
    boolean expired(long issued) {
        return clock.instant().getEpochSecond() >= issued + lifetime.toSeconds();
    }

    /** How long tokens last. */
    Duration lifetime() {
        return lifetime;
    }

    /** The time now on this clock, in epoch seconds. */
    long now() {
        return clock.instant().getEpochSecond();
    }

    private String mac(OperatorsFile.Entry operator, String head) {
        return B64.encodeToString(ServerSecret.hmac(secret.key(purpose, operator), head));
    }
}
