package org.mediachange.daemon.state;

import java.io.IOException;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.mediachange.daemon.requests.SavedBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a daemon starts from, as its state file says (docs/OPERATIONS.md,
 * "Restarts and upgrades"): the board the last run left and the next id. A
 * file left by a daemon that stopped in order says the next id exactly; one
 * left running (a crash) says up to where ids were reserved; a damaged one is
 * set aside, in one log line, and ids go on where {@link IdFloor} says.
 *
 * @param board  the board to start from
 * @param nextId the first id this run hands out
 */
record StartingPoint(SavedBoard board, long nextId) {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

    /** Reads {@code file} at {@code now}; {@code auditLogLargestId} is asked only when the file does not say. */
    static StartingPoint of(StateFile file, Instant now, Supplier<OptionalLong> auditLogLargestId) {
        StateFile.Read read = file.read();
        if (read instanceof StateFile.Loaded l) {
            if (!l.json().running()) {
                return new StartingPoint(l.board(), l.json().nextId());
            }
            long next = Math.max(l.json().idLimit(), auditLogLargestId.get().orElse(0) + 1);
            LOG.warn("the daemon before did not stop in order (a crash, kill -9 or a power cut): request ids go"
                    + " on from {}, above the ids it had reserved in {}", next, file.path());
            return new StartingPoint(l.board(), next);
        }
        if (read instanceof StateFile.Damaged d) {
            long next = IdFloor.afterLoss(d.largestId(), auditLogLargestId.get(), now);
            LOG.warn("state file {} is unusable: {}; {}; request ids go on from {}, above any handed out before",
                    file.path(), d.why(), setAside(file, now), next);
            return new StartingPoint(SavedBoard.NONE, next);
        }
        long next = IdFloor.aboveSeen(OptionalLong.empty(), auditLogLargestId.get());
        if (next > 1) {
            LOG.info("no state file {} yet: request ids start at {}, above the largest in the audit log",
                    file.path(), next);
        }
        return new StartingPoint(SavedBoard.NONE, next);
    }

    private static String setAside(StateFile file, Instant now) {
        try {
            return "set aside as " + file.setAside(now).getFileName();
        } catch (IOException e) {
            return "it cannot be set aside (" + StateFile.reason(e) + ")";
        }
    }
}
