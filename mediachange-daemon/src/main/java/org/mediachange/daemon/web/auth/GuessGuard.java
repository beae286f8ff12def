package org.mediachange.daemon.web.auth;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Decides, before any password is checked, whether an attempt may be checked
 * at all, and counts it then and there (as a failure until it proves right),
 * so attempts sent all at once cannot outrun the budgets of
 * {@link GuessLimits}:
 * <ul>
 * <li>a <em>trusted</em> attempt (a valid device token for the name tried)
 * counts only on its device token;</li>
 * <li>an <em>untrusted</em> one counts on its source (a {@link SourceKey}), on
 * the name tried (known or not: the answer must not tell) and on the total of
 * all untrusted attempts, and must be within all three.</li>
 * </ul>
 * A refused attempt costs nothing and counts nothing: it is not checked.
 */
final class GuessGuard {

    /** Which budget refused: the client is told which. */
    enum Limit {
        ADDRESS("from this address"),
        NAME("for this name"),
        TOTAL("from clients that have not logged in here before"),
        DEVICE("from this browser or program");

        private final String where;

        Limit(String where) {
            this.where = where;
        }

        /** "from this address", ... */
        String where() {
            return where;
        }
    }

    /** The answer to an attempt: refused, or admitted with a ticket. */
    sealed interface Admission {
    }

    /** Not checked: too many failures under {@code limit}; try again in {@code seconds}. */
    record Refused(long seconds, Limit limit) implements Admission {
    }

    /**
     * Admitted and counted: {@code failures} in a row (with this one) on its device, or else from its
     * source. {@link #succeeded} takes the count back when the password proves right.
     */
    final class Ticket implements Admission {
        private final String name;
        private final SourceKey source;
        private final String device;
        private final int failures;

        private Ticket(String name, SourceKey source, String device, int failures) {
            this.name = name;
            this.source = source;
            this.device = device;
            this.failures = failures;
        }

        /** Whether the attempt is trusted (came with a device token for its name). */
        boolean trusted() {
            return device != null;
        }

        /** Failures in a row, counting this attempt, on its device or else from its source. */
        int failures() {
            return failures;
        }

        /** The password was right: the failures of its budgets are forgotten. */
        void succeeded() {
            synchronized (GuessGuard.this) {
                if (device != null) {
                    devices.succeeded(device);
                } else {
                    sources.succeeded(source);
                    names.succeeded(name);
                    total.giveBack();
                }
            }
        }
    }

    private final FailureThrottle<SourceKey> sources;
    private final FailureThrottle<String> names;
    private final FailureThrottle<String> devices;
    private final TotalBudget total;
    private final LongSupplier nanoTime;

    /** Budgets of {@code limits} on the clock {@code nanoTime} (e.g. {@code System::nanoTime}). */
    GuessGuard(GuessLimits limits, LongSupplier nanoTime) {
        this.sources = new FailureThrottle<>(limits.addressFree());
        this.names = new FailureThrottle<>(limits.nameFree());
        this.devices = new FailureThrottle<>(limits.deviceFree());
        this.nanoTime = nanoTime;
        this.total = new TotalBudget(limits.totalBurst(), limits.totalEvery(), nanoTime.getAsLong());
    }

    /** Refuses or admits (and counts) an attempt for {@code name} from {@code source}, perhaps with {@code device}. */
    synchronized Admission admit(String name, SourceKey source, Optional<DeviceTokens.Device> device) {
        // Read under the lock: a time read before it could be older than the last one recorded.
        long nowNanos = nanoTime.getAsLong();
        if (device.isPresent()) {
            String nonce = device.get().nonce();
            long wait = devices.waitSeconds(nonce, nowNanos);
            if (wait > 0) {
                return new Refused(wait, Limit.DEVICE);
            }
            return new Ticket(name, source, nonce, devices.failed(nonce, nowNanos));
        }
        long bySource = sources.waitSeconds(source, nowNanos);
        long byName = names.waitSeconds(name, nowNanos);
        long byTotal = total.waitSeconds(nowNanos);
        if (bySource > 0 || byName > 0 || byTotal > 0) {
            Limit limit = bySource >= byName && bySource >= byTotal ? Limit.ADDRESS
                    : byName >= byTotal ? Limit.NAME : Limit.TOTAL;
            return new Refused(Math.max(bySource, Math.max(byName, byTotal)), limit);
        }
        names.failed(name, nowNanos);
        total.take(nowNanos);
        return new Ticket(name, source, null, sources.failed(source, nowNanos));
    }
}
