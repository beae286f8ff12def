package org.mediachange.daemon.web.auth;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mediachange.daemon.web.log.WebLog;

/**
 * Checks operator names and passwords: the login form and HTTP Basic both come
 * here. Failures are slowed down per source address ({@link LoginThrottle}) and
 * logged with the name tried (never the password). PBKDF2 is slow by design,
 * so at most {@value #CONCURRENT_CHECKS} checks run at once, an unknown name
 * costs the same as a known one, and a script that sends the same Basic
 * credentials again is let in from a short-lived memory of its last success.
 */
public final class Authenticator {

    private static final WebLog LOG = WebLog.of(Authenticator.class);

    static final int CONCURRENT_CHECKS = 2;
    private static final long CHECK_WAIT_SECONDS = 10;
    private static final long REMEMBER_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final int REMEMBER_MAX = 1000;

    /** What came of a check. */
    public sealed interface Result {
        /** The name and password are right. */
        record Ok(OperatorsFile.Entry operator) implements Result {
        }

        /** Wrong name or password (which of the two is not said). */
        record Wrong() implements Result {
        }

        /** Too many failures from this address: try again after {@code seconds}. */
        record Throttled(long seconds) implements Result {
        }

        /** Too many checks at once: try again shortly. */
        record Busy() implements Result {
        }
    }

    private final Operators operators;
    private final LoginThrottle throttle = new LoginThrottle();
    private final Semaphore checks = new Semaphore(CONCURRENT_CHECKS, true);
    private final byte[] memoryKey = new byte[32];
    /** MAC of name, password and hash of a recent success, to the time it expires. */
    private final Map<String, Long> remembered = new ConcurrentHashMap<>();
    private final PasswordHash decoy;

    /** Checks against {@code operators}. */
    public Authenticator(Operators operators) {
        this.operators = operators;
        SecureRandom random = new SecureRandom();
        random.nextBytes(memoryKey);
        byte[] decoyHash = new byte[32];
        random.nextBytes(decoyHash);
        this.decoy = new PasswordHash(PasswordHash.NEW_ITERATIONS, "decoy", decoyHash);
    }

    /** The operators checked against. */
    public Operators operators() {
        return operators;
    }

    /**
     * Checks {@code name} and {@code password}, tried from {@code source}
     * through {@code how} (for the log: "login", "basic").
     */
    public Result check(String name, char[] password, InetAddress source, String how) {
        long now = System.nanoTime();
        long wait = throttle.waitSeconds(source, now);
        if (wait > 0) {
            LOG.warn("web console: {} attempt for \"{}\" from {} refused unchecked: too many failures, {} s to wait",
                    how, name, source.getHostAddress(), wait);
            return new Result.Throttled(wait);
        }
        Optional<OperatorsFile.Entry> entry = OperatorsFile.NAME.matcher(name).matches()
                && password.length <= PasswordHash.MAX_PASSWORD_CHARS ? operators.find(name) : Optional.empty();
        String memo = entry.map(e -> memo(e, password)).orElse(null);
        Long until = memo == null ? null : remembered.get(memo);
        if (until != null && until - now > 0) {
            return new Result.Ok(entry.get());
        }
        boolean right;
        try {
            if (!checks.tryAcquire(CHECK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return new Result.Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Busy();
        }
        try {
            // An unknown name costs a full check too, so timing does not tell which names exist.
            if (entry.isPresent()) {
                right = entry.get().hash().matches(password);
            } else {
                decoy.matches(password);
                right = false;
            }
        } finally {
            checks.release();
        }
        if (!right) {
            int failures = throttle.failed(source, System.nanoTime());
            LOG.warn("web console: {} failed for \"{}\" from {} ({} failure(s) in a row from there)", how,
                    name, source.getHostAddress(), failures);
            return new Result.Wrong();
        }
        throttle.succeeded(source);
        if (remembered.size() >= REMEMBER_MAX) {
            remembered.clear();
        }
        remembered.put(memo, System.nanoTime() + REMEMBER_NANOS);
        return new Result.Ok(entry.get());
    }

    private String memo(OperatorsFile.Entry e, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(memoryKey, "HmacSHA256"));
            mac.update((e.name() + "\n" + e.hash().format() + "\n").getBytes(StandardCharsets.UTF_8));
            mac.update(StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }
}
