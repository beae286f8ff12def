package org.mediachange.daemon.web.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down guessing per source address: of passwords at login, and (with
 * more free failures, {@link #FailureThrottle(int)}) of answer link tokens.
 * {@value #FREE_FAILURES} failures in a row are free; from the last of them
 * on, each failure makes the next attempt from that address wait twice as
 * long as the one before (1 s, 2 s, 4 s, ... at most {@link #MAX_WAIT})
 * before it is even checked. A success, or {@link #FORGET_AFTER} without
 * failures, clears the record. Bounded: past {@value #MAX_SOURCES} addresses
 * the longest-quiet one is forgotten.
 */
public final class FailureThrottle {

    static final int FREE_FAILURES = 3;
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    static final Duration FORGET_AFTER = Duration.ofMinutes(30);
    static final int MAX_SOURCES = 10_000;

    private record Failures(int count, long lastNanos, long nextAllowedNanos) {
    }

    private final int freeFailures;

    private final Map<InetAddress, Failures> sources = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Failures> eldest) {
            return size() > MAX_SOURCES;
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

    /** Seconds until {@code source} may try again (rounded up); 0 when it may now. */
    public synchronized long waitSeconds(InetAddress source, long nowNanos) {
        Failures f = current(source, nowNanos);
        if (f == null || nowNanos - f.nextAllowedNanos >= 0) {
            return 0;
        }
        return Math.max(1, (f.nextAllowedNanos - nowNanos + 999_999_999L) / 1_000_000_000L);
    }

    /** Records a failed attempt from {@code source}; returns the number of failures in a row. */
    public synchronized int failed(InetAddress source, long nowNanos) {
        Failures f = current(source, nowNanos);
        int count = f == null ? 1 : f.count + 1;
        long wait = 0;
        if (count >= freeFailures) {
            int doublings = Math.min(count - freeFailures, 20);
            wait = Math.min(MAX_WAIT.toNanos(), Duration.ofSeconds(1).toNanos() << doublings);
        }
        sources.put(source, new Failures(count, nowNanos, nowNanos + wait));
        return count;
    }

    /** Forgets the failures of {@code source}. */
    public synchronized void succeeded(InetAddress source) {
        sources.remove(source);
    }

    private Failures current(InetAddress source, long nowNanos) {
        Failures f = sources.get(source);
        if (f != null && nowNanos - f.lastNanos > FORGET_AFTER.toNanos()) {
            sources.remove(source);
            return null;
        }
        return f;
    }
}
