package org.mediachange.common.time;

import java.time.Duration;

/**
 * A point on the monotonic clock after which an operation gives up, or none.
 * Used instead of per-read timeouts so that a peer sending one byte at a time
 * cannot stretch a bounded wait without end.
 */
public final class Deadline {

    private static final Deadline NONE = new Deadline(0, false);

    private final long atNanos;
    private final boolean bounded;

    private Deadline(long atNanos, boolean bounded) {
        this.atNanos = atNanos;
        this.bounded = bounded;
    }

    /** A deadline that never passes. */
    public static Deadline none() {
        return NONE;
    }

    /**
     * Longer waits than this (about 100 years) are treated as no deadline, so
     * that {@code 999999999d} means "for ever" instead of overflowing the clock.
     */
    static final Duration FOREVER = Duration.ofDays(36_500);

    /** A deadline {@code timeout} from now; zero, negative or beyond {@link #FOREVER} means none. */
    public static Deadline after(Duration timeout) {
        return timeout.isZero() || timeout.isNegative() ? NONE : afterNanos(System.nanoTime(), timeout);
    }

    /**
     * A deadline {@code timeout} after the instant {@code startNanos} of
     * {@link System#nanoTime()}; none if {@code timeout} is beyond {@link #FOREVER}.
     */
    public static Deadline afterNanos(long startNanos, Duration timeout) {
        if (timeout.compareTo(FOREVER) > 0) {
            return NONE;
        }
        return new Deadline(startNanos + timeout.toNanos(), true);
    }

    /** Whether this deadline can pass at all. */
    public boolean isBounded() {
        return bounded;
    }

    /** Whether the deadline has passed. */
    public boolean hasPassed() {
        return bounded && System.nanoTime() - atNanos >= 0;
    }

    /**
     * Milliseconds left, rounded up and at least 1 while time remains, for use
     * as a socket timeout; 0 for an unbounded deadline (0 means "wait forever"
     * to {@link java.net.Socket#setSoTimeout}); -1 once passed.
     */
    public int socketTimeoutMillis() {
        if (!bounded) {
            return 0;
        }
        long left = atNanos - System.nanoTime();
        if (left <= 0) {
            return -1;
        }
        long millis = (left + 999_999) / 1_000_000;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, millis));
    }

    /**
     * Milliseconds left, rounded up, for pauses: at least 1 while time remains,
     * 0 once passed, and {@link Long#MAX_VALUE} for an unbounded deadline. Unlike
     * {@link #socketTimeoutMillis()}, "no deadline" is the largest value, not 0,
     * so {@code min(pause, millisLeft())} is always a real pause.
     */
    public long millisLeft() {
        if (!bounded) {
            return Long.MAX_VALUE;
        }
        long left = atNanos - System.nanoTime();
        return left <= 0 ? 0 : Math.max(1, (left + 999_999) / 1_000_000);
    }

    /** The earlier of this deadline and {@code other}. */
    public Deadline min(Deadline other) {
        if (!bounded) {
            return other;
        }
        if (!other.bounded) {
            return this;
        }
        return atNanos - other.atNanos <= 0 ? this : other;
    }
}
