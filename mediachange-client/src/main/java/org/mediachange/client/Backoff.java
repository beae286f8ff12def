package org.mediachange.client;

import java.time.Duration;

/**
 * The pauses between tries of one daemon: {@link #FIRST} (0.25 s), doubling
 * up to {@link #MAX} (5 s), so a daemon that is back is found within 5 s
 * while one that stays away costs one connection attempt every 5 s.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofMillis(250);
    static final Duration MAX = Duration.ofSeconds(5);

    private Duration next = FIRST;

    /** The pause to make now; the one after it is twice as long, up to {@link #MAX}. */
    Duration next() {
        Duration now = next;
        next = now.multipliedBy(2).compareTo(MAX) > 0 ? MAX : now.multipliedBy(2);
        return now;
    }

    /** Starts again from {@link #FIRST}. */
    void reset() {
        next = FIRST;
    }
}
