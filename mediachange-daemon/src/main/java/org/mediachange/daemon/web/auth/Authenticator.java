package org.mediachange.daemon.web.auth;

import java.net.InetAddress;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mediachange.daemon.tally.Tally;
import org.mediachange.daemon.web.log.RequestText;
import org.mediachange.daemon.web.log.WebLog;

/**
 * Checks operator names and passwords: the login form and HTTP Basic both come
 * here. Before a password is checked, the attempt must be within its budgets
 * and is counted ({@link GuessGuard}): a client with a device token for the
 * name ({@link DeviceTokens}) on its own, any other per source, per name and
 * in total ({@link GuessLimits}). A refused attempt costs no PBKDF2. The
 * checks run in a few slots, of which untrusted attempts never hold all
 * ({@link CheckSlots}); an unknown name costs what a known one costs
 * ({@link Decoys}). Failures are logged with the name tried, escaped, never
 * the password. A script that sends the same Basic credentials again is let
 * in from a short-lived memory of its last success.
 */
public final class Authenticator {

    private static final WebLog LOG = WebLog.of(Authenticator.class);

    private static final long REMEMBER_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final int REMEMBER_MAX = 1000;
    /** What the name throttle counts a name that cannot be an operator's as (it has no budget of its own). */
    private static final String NOT_A_NAME = "\u0000not a name";

    /** How the credentials came. */
    public enum How {
        /** {@code POST /login}. */
        LOGIN("login"),
        /** An {@code Authorization: Basic} header. */
        BASIC("HTTP Basic authentication");

        private final String text;

        How(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * One try: {@code name} and {@code password} from {@code source}, with the client's device token (null:
     * none), through {@code how}.
     */
    public record Attempt(String name, char[] password, InetAddress source, String deviceToken, How how) {
    }

    /** What came of a check. */
    public sealed interface Result {
        /**
         * The name and password are right; {@code deviceToken} is a new device token for the client
         * (null: keep the one it has); {@code trusted}: it came with a device token for this operator.
         */
        record Ok(OperatorsFile.Entry operator, String deviceToken, boolean trusted) implements Result {
        }

        /** Wrong name or password (which of the two is not said). */
        record Wrong() implements Result {
        }

        /**
         * Too many failures {@code where} ("from this address", ...): try again after {@code seconds};
         * {@code trusted}: on the budget of the client's own device token.
         */
        record Throttled(long seconds, String where, boolean trusted) implements Result {
        }

        /** Too many checks at once: try again shortly. */
        record Busy() implements Result {
        }
    }

    private final Operators operators;
    private final GuessLimits limits;
    private final Clock clock;
    private final DeviceTokens devices;
    private final GuessGuard guard;
    private final CheckSlots slots;
    private final Decoys decoys;
    private final byte[] memoryKey = new byte[32];
    /** MAC of name, password and hash of a recent Basic success, to the time it expires. */
    private final Map<String, Long> remembered = new ConcurrentHashMap<>();
    private final LongAdder checksRun = new LongAdder();
    private final LongAdder roundsRun = new LongAdder();
    /** Refused checks by reason: {@code wrong}, {@code throttled}, {@code busy}. */
    private final Tally failures = new Tally(1);

    /** Checks against {@code operators}, with device tokens signed with {@code secret}, within {@code limits}. */
    public Authenticator(Operators operators, ServerSecret secret, GuessLimits limits, Clock clock) {
        this.operators = operators;
        this.limits = limits;
        this.clock = clock;
        this.devices = new DeviceTokens(operators, secret, clock);
        this.guard = new GuessGuard(limits, System::nanoTime);
        this.slots = new CheckSlots(limits.checks(), limits.untrustedChecks());
        this.decoys = new Decoys(secret);
        new SecureRandom().nextBytes(memoryKey);
    }

    /**
     * The logins and Basic checks refused so far, by reason: {@code wrong}
     * (name or password), {@code throttled} (too many failures from that
     * address), {@code busy} (too many checks at once).
     */
    public Tally failures() {
        return failures;
    }

    /** The operators checked against. */
    public Operators operators() {
        return operators;
    }

    /** How many password checks (PBKDF2 runs, decoys included) have run. */
    public long checksRun() {
        return checksRun.sum();
    }

    /** How many PBKDF2 rounds those checks ran in all. */
    public long roundsRun() {
        return roundsRun.sum();
    }

    /** Checks {@code a}. */
    public Result check(Attempt a) {
        String name = a.name();
        boolean isName = OperatorsFile.NAME.matcher(name).matches();
        Optional<OperatorsFile.Entry> entry = isName && a.password().length <= PasswordHash.MAX_PASSWORD_CHARS
                ? operators.find(name) : Optional.empty();
        Optional<DeviceTokens.Device> device = entry.isPresent() ? devices.verify(a.deviceToken(), name)
                : Optional.empty();
        SourceKey source = SourceKey.of(a.source(), limits);
        String with = device.isPresent() ? " with its device token" : "";
        GuessGuard.Admission admission = guard.admit(isName ? name : NOT_A_NAME, source, device);
        if (admission instanceof GuessGuard.Refused r) {
            LOG.warn("web console: {} attempt for \"{}\" from {}{} refused unchecked: too many failures {}, {} s to"
                    + " wait", a.how(), RequestText.of(name), a.source(), with, r.limit().where(), r.seconds());
            failures.add("throttled");
            return new Result.Throttled(r.seconds(), r.limit().where(), r.limit() == GuessGuard.Limit.DEVICE);
        }
        GuessGuard.Ticket ticket = (GuessGuard.Ticket) admission;
        String memo = a.how() == How.BASIC ? entry.map(e -> memo(e, a.password())).orElse(null) : null;
        Long until = memo == null ? null : remembered.get(memo);
        if (until != null && until - System.nanoTime() > 0) {
            ticket.succeeded();
            return ok(entry.get(), device, a.how());
        }
        boolean right;
        try {
            if (!slots.acquire(ticket.trusted(), limits.checkWait())) {
                LOG.warn("web console: {} attempt for \"{}\" from {}{} refused: no password check free within {} s",
                        a.how(), RequestText.of(name), a.source(), with, limits.checkWait().toSeconds());
                failures.add("busy");
                return new Result.Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("busy");
            return new Result.Busy();
        }
        try {
            // An unknown name costs a full check too, as much as a real entry: timing tells no names.
            PasswordHash hash = entry.map(OperatorsFile.Entry::hash)
                    .orElseGet(() -> decoys.forName(name, operators.iterations()));
            checksRun.increment();
            roundsRun.add(hash.iterations());
            right = hash.matches(a.password()) && entry.isPresent();
        } finally {
            slots.release(ticket.trusted());
        }
        if (!right) {
            failures.add("wrong");
            LOG.warn("web console: {} failed for \"{}\" from {}{} ({} failure(s) in a row from {})", a.how(),
                    RequestText.of(name), a.source(), with, ticket.failures(),
                    ticket.trusted() ? "that device" : "there");
            return new Result.Wrong();
        }
        ticket.succeeded();
        if (memo != null) {
            if (remembered.size() >= REMEMBER_MAX) {
                remembered.clear();
            }
            remembered.put(memo, System.nanoTime() + REMEMBER_NANOS);
        }
        return ok(entry.get(), device, a.how());
    }

    /** A login always gets a new device token (as OWASP advises); Basic one when it has none, or an old one. */
    private Result ok(OperatorsFile.Entry operator, Optional<DeviceTokens.Device> device, How how) {
        boolean renew = how == How.LOGIN || device.isEmpty() || device.get().stale();
        return new Result.Ok(operator, renew ? devices.issue(operator) : null, device.isPresent());
    }

    /**
     * What HTTP Basic credentials checked now for {@code operator} are worth
     * while a stream runs: as long as a session, and only while the operator's
     * entry stays as it is.
     */
    public Access access(OperatorsFile.Entry operator) {
        long until = clock.instant().getEpochSecond() + Sessions.LIFETIME.toSeconds();
        return new Access() {
            @Override
            public String operator() {
                return operator.name();
            }

            @Override
            public Optional<String> ended() {
                if (clock.instant().getEpochSecond() >= until) {
                    return Optional.of(Sessions.EXPIRED);
                }
                return operators.find(operator.name()).filter(operator::equals).isPresent() ? Optional.empty()
                        : Optional.of(Sessions.CHANGED);
            }
        };
    }

    private String memo(OperatorsFile.Entry e, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(memoryKey, "HmacSHA256"));
            mac.update((e.name() + "\n" + e.hash().format() + "\n").getBytes(StandardCharsets.UTF_8));
            mac.update(StandardCharsets.UTF_8.encode(CharBuffer.wrap(password)));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }
}
