package org.mediachange.daemon.state;

/**
 * How many ids to reserve on disk ahead of use: {@value StateStore#ID_BLOCK},
 * or two seconds' worth of the ids handed out lately under a flood (at most
 * {@value StateStore#MAX_ID_BLOCK}), so that reserving stays about one write
 * a second however many requests come. Not thread-safe: the store's lock
 * guards it.
 */
final class IdRate {

    private static final long SECOND = 1_000_000_000L;

    private long thisSecond;
    private long lastSecond;
    private long secondStart;

    IdRate(long nowNanos) {
        secondStart = nowNanos;
    }

    /** Counts one id handed out at {@code nowNanos}; the reservation to keep ahead of use. */
    long handedOut(long nowNanos) {
        if (nowNanos - secondStart >= SECOND) {
            lastSecond = nowNanos - secondStart < 2 * SECOND ? thisSecond : 0;
            thisSecond = 0;
            secondStart = nowNanos;
        }
        thisSecond++;
        return Math.min(StateStore.MAX_ID_BLOCK, Math.max(StateStore.ID_BLOCK, 2 * Math.max(lastSecond, thisSecond)));
    }
}
