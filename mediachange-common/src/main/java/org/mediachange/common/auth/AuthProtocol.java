package org.mediachange.common.auth;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional authenticated form of the protocol, used when both sides have
 * a key file (see docs/PROTOCOL.md). A request carries a timestamp, a random
 * nonce and an HMAC-SHA256 over them and the message; the answer carries an
 * HMAC bound to that request, so neither can be forged or replayed without
 * the key.
 *
 * <pre>
 * request: MCAUTH1 &lt;unix-millis&gt; &lt;nonce: 32 hex&gt; &lt;mac: 64 hex&gt; &lt;message&gt;
 *          mac = HMAC(key, "mediachange-request-v1" LF millis LF nonce LF message)
 * answer:  MCAUTH1 &lt;mac: 64 hex&gt; &lt;answer line&gt;
 *          mac = HMAC(key, "mediachange-answer-v1" LF nonce LF request-mac LF answer line)
 * </pre>
 */
public final class AuthProtocol {

    /** First word of every authenticated line. */
    public static final String TAG = "MCAUTH1";
    /** Requests whose time differs from the daemon's clock by more than this are refused. */
    public static final long MAX_SKEW_MILLIS = 60_000;

    private static final Pattern REQUEST = Pattern.compile(
            "MCAUTH1 (\\d{1,15}) ([0-9a-f]{32}) ([0-9a-f]{64}) (.*)", Pattern.DOTALL);
    private static final Pattern ANSWER = Pattern.compile("MCAUTH1 ([0-9a-f]{64}) (.*)", Pattern.DOTALL);
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthProtocol() {
    }

    /**
     * A signed request as read from the wire.
     *
     * @param millis  the client's clock when it signed, ms since the epoch
     * @param nonce   128 random bits, hex
     * @param mac     the request MAC, hex
     * @param message the message for the operator
     */
    public record SignedRequest(long millis, String nonce, String mac, String message) {

        /** Whether the MAC is right for {@code key}. */
        public boolean macValid(SharedKey key) {
            return key.verify(mac, "mediachange-request-v1", Long.toString(millis), nonce, message);
        }

        /** Whether the timestamp is within {@link #MAX_SKEW_MILLIS} of {@code nowMillis}. */
        public boolean fresh(long nowMillis) {
            return Math.abs(nowMillis - millis) <= MAX_SKEW_MILLIS;
        }

        /** The wire line (without LF). */
        public String toLine() {
            return TAG + " " + millis + " " + nonce + " " + mac + " " + message;
        }
    }

    /** Signs {@code message} now, with a fresh nonce. */
    public static SignedRequest sign(SharedKey key, String message, long nowMillis) {
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        String mac = key.mac("mediachange-request-v1", Long.toString(nowMillis), nonce, message);
        return new SignedRequest(nowMillis, nonce, mac, message);
    }

    /** Parses a request line in the authenticated form; empty if it is not one. */
    public static Optional<SignedRequest> parseRequest(String line) {
        Matcher m = REQUEST.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SignedRequest(Long.parseLong(m.group(1)), m.group(2), m.group(3), m.group(4)));
    }

    /** Whether {@code line} is in either authenticated form (tag and a space). */
    public static boolean looksAuthenticated(String line) {
        return line.startsWith(TAG + " ");
    }

    /** The authenticated answer line carrying {@code answerLine} for {@code request}. */
    public static String signAnswer(SharedKey key, SignedRequest request, String answerLine) {
        return TAG + " " + key.mac("mediachange-answer-v1", request.nonce(), request.mac(), answerLine) + " "
                + answerLine;
    }

    /**
     * Checks an authenticated answer to {@code request}.
     *
     * @return the answer line inside, or empty when the line is not authenticated or its MAC is wrong
     */
    public static Optional<String> verifyAnswer(SharedKey key, SignedRequest request, String line) {
        Matcher m = ANSWER.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        String inner = m.group(2);
        return key.verify(m.group(1), "mediachange-answer-v1", request.nonce(), request.mac(), inner)
                ? Optional.of(inner) : Optional.empty();
    }
}
