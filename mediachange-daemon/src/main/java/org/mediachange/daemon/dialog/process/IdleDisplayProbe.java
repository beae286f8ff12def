package org.mediachange.daemon.dialog.process;

import java.time.Duration;

/**
 * Whether the display answers, for a daemon that runs no dialog process (so
 * nothing else watches the display): checked with {@link DisplayProbe} when
 * asked, at most once per interval, as a display on another host may take a
 * second not to answer.
 */
final class IdleDisplayProbe {

    private final String display;
    private final Duration interval;
    /** The last check (nanoTime, 0 for none), and its result. */
    private volatile long probedAt;
    private volatile boolean answers;

    IdleDisplayProbe(String display, Duration interval) {
        this.display = display;
        this.interval = interval;
    }

    /** Whether the display answered its last check, made now if the one before is older than the interval. */
    boolean answers() {
        long now = System.nanoTime();
        if (probedAt == 0 || now - probedAt >= interval.toNanos()) {
            answers = DisplayProbe.reachable(display);
            probedAt = now == 0 ? 1 : now;
        }
        return answers;
    }
}
