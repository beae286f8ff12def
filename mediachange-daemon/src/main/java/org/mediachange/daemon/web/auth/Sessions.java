package org.mediachange.daemon.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Login sessions as signed tokens in the session cookie:
 * {@code NAME~ISSUED~NONCE~MAC} (NAME in base64url, ISSUED in epoch seconds),
 * the MAC an HMAC-SHA256 keyed with the operator's entry (iterations, salt and hash). So a session
 * outlives a daemon restart (the page reconnects by itself), ends after
 * {@link #LIFETIME}, and ends for good when the operator's password changes or
 * the operator is removed; logging out ends it at once (the nonce is kept as
 * revoked until the token would have expired anyway). Only the daemon, which
 * can read the operators file, can make a token.
 */
public final class Sessions {

    /** How long a session lasts from its login. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_CHARS = 400;

    private final Operators operators;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Nonces of sessions logged out, to the epoch second they expire. */
    private final Map<String, Long> revoked = new ConcurrentHashMap<>();

    /** Sessions of the operators in {@code operators}, on {@code clock}. */
    public Sessions(Operators operators, Clock clock) {
        this.operators = operators;
        this.clock = clock;
    }

    /** A new session token for {@code operator}. */
    public String issue(OperatorsFile.Entry operator) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String head = B64.encodeToString(operator.name().getBytes(StandardCharsets.UTF_8)) + "~"
                + clock.instant().getEpochSecond() + "~" + B64.encodeToString(nonce);
        return head + "~" + mac(operator, head);
    }

    /** The operator whose valid session {@code token} is, if it is one. */
    public Optional<String> operator(String token) {
        return parse(token).map(OperatorsFile.Entry::name);
    }

    /** Ends the session {@code token} (if it is a valid one). */
    public void revoke(String token) {
        parse(token).ifPresent(e -> {
            String[] parts = token.split("~");
            revoked.put(parts[2], Long.parseLong(parts[1]) + LIFETIME.toSeconds());
        });
        long now = clock.instant().getEpochSecond();
        for (Iterator<Long> it = revoked.values().iterator(); it.hasNext();) {
            if (it.next() < now) {
                it.remove();
            }
        }
    }

    private Optional<OperatorsFile.Entry> parse(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        String[] parts = token.split("~", -1);
        if (parts.length != 4 || !parts[1].matches("[0-9]{1,12}")) {
            return Optional.empty();
        }
        String name;
        try {
            name = new String(B64D.decode(parts[0]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long issued = Long.parseLong(parts[1]);
        long now = clock.instant().getEpochSecond();
        if (now >= issued + LIFETIME.toSeconds() || issued > now + 60 || revoked.containsKey(parts[2])) {
            return Optional.empty();
        }
        if (!OperatorsFile.NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Optional<OperatorsFile.Entry> op = operators.find(name);
        String head = parts[0] + "~" + parts[1] + "~" + parts[2];
        if (op.isEmpty() || !MessageDigest.isEqual(mac(op.get(), head).getBytes(StandardCharsets.US_ASCII),
                parts[3].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return op;
    }

    private static String mac(OperatorsFile.Entry operator, String head) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(operator.hash().format().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(("mediachange web session\n" + head)
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
