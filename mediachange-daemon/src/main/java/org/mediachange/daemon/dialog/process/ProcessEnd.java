package org.mediachange.daemon.dialog.process;

import java.time.Duration;
import org.mediachange.daemon.dialog.DialogHealth.StartCause;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;

/**
 * How one dialog process ended, as its supervisor saw it.
 *
 * @param exitCode  its exit code; -1 if it could not be started or did not end when told to
 * @param wasReady  whether it had said {@code ready}
 * @param failure   why it was killed, or null
 * @param lastError the last line it printed on stderr, escaped; empty if none
 * @param idle      whether the supervisor ended it because no dialog was left for the keep-warm time
 */
record ProcessEnd(int exitCode, boolean wasReady, String failure, String lastError, boolean idle) {

    /** A process that could not be started. */
    static final ProcessEnd NOT_STARTED = new ProcessEnd(-1, false, null, "", false);

    /** Ended because it was told to, and exited 0: what it loaded is what a dialog loads. */
    boolean clean() {
        return failure == null && exitCode == 0 && wasReady;
    }

    /** Why the next process is started, if one is. */
    StartCause cause() {
        if (idle) {
            return StartCause.IDLE;
        }
        if (failure != null) {
            return StartCause.KILLED;
        }
        return exitCode == PipeProtocol.EXIT_NO_DISPLAY ? StartCause.DISPLAY : StartCause.EXITED;
    }

    /**
     * The pause before the next start, {@code previous} having been the one before this process.
     * A process that worked until it ended is restarted at once; one that keeps failing or being
     * killed (say, for a dialog that hangs every process that shows it), ever slower.
     */
    Duration pauseAfter(Duration previous) {
        if (wasReady && failure == null) {
            return DialogSupervisor.PROBE_INTERVAL;
        }
        Duration doubled = previous.multipliedBy(2);
        Duration most = DialogSupervisor.MAX_RESTART_PAUSE;
        return doubled.compareTo(most) <= 0 ? doubled : most;
    }
}
