package org.mediachange.daemon.dialog.process;

import java.time.Duration;
import org.mediachange.common.time.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon logs about the display the dialogs go to: where requests
 * will be shown, once at start; that it waits for the display, once for each
 * time the display is gone; and that dialogs are shown (again) when a dialog
 * process becomes ready. Logged under {@link ChildProcessPrompt}'s name, as the
 * operator knows these lines by it.
 */
final class DisplayNotices {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessPrompt.class);

    private final String display;
    private final PendingDialogs pending;
    private volatile boolean waitingLogged;

    DisplayNotices(String display, PendingDialogs pending) {
        this.display = display;
        this.pending = pending;
    }

    /** At start, with no dialog process yet: the display answers, and a process ends {@code idle} after the last. */
    void answersAtStart(Duration idle) {
        LOG.info("requests will be shown on DISPLAY={}, which answers; the dialog process starts with the first"
                + " one and ends {} after the last", display, Durations.format(idle));
    }

    /** The display cannot be used, for {@code why}: said once until a dialog process is ready again. */
    void waiting(String why) {
        if (!waitingLogged) {
            waitingLogged = true;
            LOG.warn("waiting for the display DISPLAY={} ({}); {} pending request(s) will be shown when it opens",
                    display, why, pending.size());
        }
    }

    /** A dialog process became ready and shows every pending request. */
    void ready() {
        if (waitingLogged) {
            LOG.info("display DISPLAY={} is available again; showing {} pending request(s)", display, pending.size());
            waitingLogged = false;
        } else {
            LOG.info("showing requests on DISPLAY={} ({} pending)", display, pending.size());
        }
    }
}
