package org.mediachange.daemon.requests;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a {@link RequestBoard} keeps what must outlive the daemon: ids that are
 * never handed out twice, and its requests ({@link RequestBoard#saved()}),
 * which the daemon's state file holds. {@link #inMemory()} keeps nothing.
 */
public interface BoardStorage {

    /**
     * The id of a new request, never handed out before, also not by an earlier run of the
     * daemon. Never called under the board's lock; blocks only in the rare case that the ids saved
     * as reserved have run out and the next reservation is not yet on disk.
     */
    long nextId();

    /** The board changed: save its {@link RequestBoard#saved()} soon. Never blocks; any thread. */
    void changed();

    /**
     * Whether pending requests outlive a stop of the daemon: true while the board's state is
     * being saved, so that a request whose daemon stops is kept for its client to send again,
     * instead of ending with {@code Error shutting down}.
     */
    boolean keepsPending();

    /** Ids from 1 in memory, nothing saved: for tests and tools. */
    static BoardStorage inMemory() {
        AtomicLong ids = new AtomicLong();
        return new BoardStorage() {
            @Override
            public long nextId() {
                return ids.incrementAndGet();
            }

            @Override
            public void changed() {
                // nothing is kept
            }

            @Override
            public boolean keepsPending() {
                return false;
            }
        };
    }
}
