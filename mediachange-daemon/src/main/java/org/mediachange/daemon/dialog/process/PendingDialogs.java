package org.mediachange.daemon.dialog.process;

import java.time.Duration;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The requests waiting for an answer through the dialog process, by their
 * board id, and when that set last changed (the keep-warm time counts from
 * there). Sorted, so a new dialog process shows the oldest first.
 */
final class PendingDialogs {

    private final ConcurrentSkipListMap<Long, DialogRequest> byId = new ConcurrentSkipListMap<>();
    /** When the pending requests last changed (nanoTime). */
    private volatile long lastChange = System.nanoTime();

    /** Adds {@code request} under {@code id}; false (and nothing changes) if that id is pending already. */
    boolean add(long id, DialogRequest request) {
        if (byId.putIfAbsent(id, request) != null) {
            return false;
        }
        lastChange = System.nanoTime();
        return true;
    }

    /** Removes {@code request}, if it is still the one pending under {@code id}. */
    void remove(long id, DialogRequest request) {
        if (byId.remove(id, request)) {
            lastChange = System.nanoTime();
        }
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    int size() {
        return byId.size();
    }

    /** Whether nothing is pending, and nothing has been for {@code idle}. */
    boolean emptyFor(Duration idle) {
        return byId.isEmpty() && System.nanoTime() - lastChange >= idle.toNanos();
    }

    /** The live map itself, which a {@link DialogProcess} keeps its dialogs in line with. */
    NavigableMap<Long, DialogRequest> view() {
        return byId;
    }
}
