package org.mediachange.daemon.dialog.process;

import org.mediachange.daemon.dialog.DialogHealth.StartCause;
import org.mediachange.daemon.tally.Tally;

/**
 * What the supervisor of the dialog processes tells about them: whether the
 * display answered its last check, and how many processes it started, by why
 * the one before ended ({@link StartCause}). Written by the supervisor thread,
 * read by anyone.
 */
final class DialogStarts {

    private final Tally starts = new Tally(1);
    private volatile boolean displayReached;
    /** Why the next process is started; only the supervisor thread touches it. */
    private StartCause next = StartCause.FIRST;

    /** The display answered a check, or did not (then the next start is for its return). */
    void probed(boolean reached) {
        displayReached = reached;
        if (!reached && next != StartCause.FIRST) {
            next = StartCause.DISPLAY;
        }
    }

    /** The running process ended for {@code why}: the next start is counted under it. */
    void ended(StartCause why) {
        next = why;
        if (why == StartCause.DISPLAY) {
            displayReached = false;
        }
    }

    /** A process was started. */
    void started() {
        starts.add(next.word());
    }

    /** Whether the display answered the last check (or a process started since). */
    boolean displayReached() {
        return displayReached;
    }

    /** The starts so far, by {@link StartCause#word()}. */
    Tally starts() {
        return starts;
    }
}
