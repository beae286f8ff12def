package org.mediachange.daemon.dialog.process;

import java.time.Duration;

/**
 * How long the supervisor lets a dialog process take before it counts as
 * hung, is killed and replaced (docs/OPERATIONS.md, "Logs").
 *
 * @param readyWithin from start to {@code ready} (the JVM starts and opens the display)
 * @param pingEvery   how often to check a ready process with {@code ping}
 * @param pongWithin  how long a {@code ping} may wait for its {@code pong}
 * @param writeWithin how long one write to the process's input may block
 * @param closeWithin at close, how long the process has to end by itself before it is killed
 */
record Liveness(Duration readyWithin, Duration pingEvery, Duration pongWithin, Duration writeWithin,
        Duration closeWithin) {

    /**
     * What the daemon uses. A dialog process starts in 1-3 s on a busy
     * machine; a healthy one answers a ping within milliseconds, but its event
     * thread may be busy for a few seconds laying out a burst of dialogs, so
     * the deadlines leave room for that (docs/RELIABILITY.md, case 5). Close
     * waits 1 s, so that SIGTERM ends the daemon within 5 s.
     */
    static final Liveness DEFAULT = new Liveness(Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(1));
}
