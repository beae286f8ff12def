package org.mediachange.daemon.web.auth;

import java.time.Duration;

/**
 * How many untrusted password checks all sources together may start: a
 * bucket of {@code burst} that fills again by one every {@code every}. What a
 * botnet's many addresses (each under its own per-address budget) can get
 * together, and what PBKDF2 may cost in all for clients not yet trusted. A
 * right password gives its attempt back.
 */
final class TotalBudget {

    private final int burst;
    private final long everyNanos;
    private double tokens;
    private long lastNanos;

    TotalBudget(int burst, Duration every, long nowNanos) {
        this.burst = burst;
        this.everyNanos = every.toNanos();
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Seconds until an attempt may start (rounded up); 0 when one may now. */
    synchronized long waitSeconds(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            return 0;
        }
        long nanos = (long) Math.ceil((1 - tokens) * everyNanos);
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** Takes one attempt; call only when {@link #waitSeconds} said 0. */
    synchronized void take(long nowNanos) {
        refill(nowNanos);
        tokens -= 1;
    }

    /** Gives an attempt back (its password was right). */
    synchronized void giveBack() {
        tokens = Math.min(burst, tokens + 1);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + (double) elapsed / everyNanos);
            lastNanos = nowNanos;
        }
    }
}
