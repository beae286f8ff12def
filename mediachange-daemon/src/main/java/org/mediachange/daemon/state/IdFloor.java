package org.mediachange.daemon.state;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Where request ids go on when the state file does not say: above every id
 * this daemon can have handed out before, by a margin, so that an id is never
 * used for a second request (an old {@code mediachangectl ok 12}, typed from
 * a list taken before, must not answer another request).
 *
 * <p>Normally the state file says it exactly ({@link StateJson#nextId()}, or,
 * after a crash, {@link StateJson#idLimit()}, up to which ids were reserved on
 * disk before any was handed out). Without a readable file, the next id is the
 * largest of:
 * <ul>
 * <li>the largest id still found in what is left of the file (its head, where
 * the ids are written first, survives a cut) or in the audit log (which has
 * the id of every request that ended), plus {@value #MARGIN}: more ids than
 * can have been handed out unrecorded (reserved on disk, waiting, or ended in
 * the moment before the loss);</li>
 * <li>the seconds since {@value #EPOCH_TEXT}: no daemon that handed out fewer
 * ids than seconds passed since then can have reached it, whatever was lost,
 * because a running daemon hands out ids from 1 upwards, one per request.</li>
 * </ul>
 * The clock floor alone keeps ids apart when nothing at all can be read: it
 * would fail only for a daemon that had handed out more ids than one per
 * second since 2020, or since its last such start, and lost both its state
 * file and its audit log, or if the clock was set back by more than the time
 * since that start.
 */
final class IdFloor {

    /** Ids above the largest found, for those handed out but not recorded where it was found. */
    static final long MARGIN = 1000;
    static final String EPOCH_TEXT = "2020-01-01T00:00:00Z";
    private static final Instant EPOCH = Instant.parse(EPOCH_TEXT);

    private IdFloor() {
    }

    /** The next id after losing the state file at {@code now}: see the class comment. */
    static long afterLoss(OptionalLong inFile, OptionalLong inAuditLog, Instant now) {
        return Math.max(clock(now), aboveSeen(inFile, inAuditLog));
    }

    /** The next id above the largest id seen, by {@link #MARGIN}; 1 if none was seen. */
    static long aboveSeen(OptionalLong inFile, OptionalLong inAuditLog) {
        long seen = Math.max(inFile.orElse(0), inAuditLog.orElse(0));
        return seen == 0 ? 1 : seen + MARGIN;
    }

    /** The seconds from {@value #EPOCH_TEXT} to {@code now}, at least 1. */
    static long clock(Instant now) {
        return Math.max(1, Duration.between(EPOCH, now).toSeconds());
    }
}
