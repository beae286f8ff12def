package org.mediachange.daemon.web.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down guessing per key: of passwords at login (per source address, per
 * name, per device token; see {@link GuessGuard}), and (with more free
 * failures) of answer link tokens, per source address. {@code freeFailures}
 * failures in a row are free; from the last of them on, each failure makes the
 * next attempt wait twice as long as the one before (1 s, 2 s, 4 s, ... at
 * most {@link #MAX_WAIT}) before it is even checked. A success, or
 * {@link #FORGET_AFTER} without failures, clears the record. Bounded: past
 * {@value #MAX_KEYS} keys the longest-quiet one is forgotten.
 *
 * <p>For logins the caller records the failure <em>before</em> the password is
 * checked ({@link #failed}), and clears it if the password was right
 * ({@link #succeeded}): so attempts sent all at once are counted as they
 * arrive, and cannot run more checks than the free failures between them.
 *
 * @param <K> what is throttled: a {@link SourceKey}, a name, a device token's nonce
 */
public final class FailureThrottle<K> {

    /** Failures in a row before the waits begin, for passwords. */
    static final int FREE_FAILURES = 3;
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    static final Duration FORGET_AFTER = Duration.ofMinutes(30);
    static final int MAX_KEYS = 10_000;

    /** {@code count} failures in a row, the last at {@code lastNanos}, after which the next waits {@code waitNanos}. */
    private record Failures(int count, long lastNanos, long waitNanos) {
    }

    private final int freeFailures;

    private final Map<K, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, Failures> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /** {@value #FREE_FAILURES} free failures in a row. */
    public FailureThrottle() {
        this(FREE_FAILURES);
    }

    /** {@code freeFailures} free failures in a row (at least 1). */
    public FailureThrottle(int freeFailures) {
        if (freeFailures < 1) {
            throw new IllegalArgumentException("freeFailures " + freeFailures);
        }
        this.freeFailures = freeFailures;
    }

    /** Seconds until {@code key} may try again (rounded up); 0 when it may now. */
    public synchronized long waitSeconds(K key, long nowNanos) {
        Failures f = current(key, nowNanos);
        // No wait is no wait, even for a time read a moment before the last failure was recorded.
        long left = f == null || f.waitNanos == 0 ? 0 : f.lastNanos + f.waitNanos - nowNanos;
        return left <= 0 ? 0 : Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    /** Records a failed attempt of {@code key}; returns the number of failures in a row. */
    public synchronized int failed(K key, long nowNanos) {
        Failures f = current(key, nowNanos);
        int count = f == null ? 1 : f.count + 1;
        long wait = 0;
        if (count >= freeFailures) {
            int doublings = Math.min(count - freeFailures, 20);
            wait = Math.min(MAX_WAIT.toNanos(), Duration.ofSeconds(1).toNanos() << doublings);
        }
        failures.put(key, new Failures(count, nowNanos, wait));
        return count;
    }

    /** Forgets the failures of {@code key}. */
    public synchronized void succeeded(K key) {
        failures.remove(key);
    }

    private Failures current(K key, long nowNanos) {
        Failures f = failures.get(key);
        if (f != null && nowNanos - f.lastNanos > FORGET_AFTER.toNanos()) {
            failures.remove(key);
            return null;
        }
        return f;
    }
}
