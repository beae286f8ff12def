package org.mediachange.daemon.requests;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The requests that were pending when the daemon last stopped or died, each
 * waiting for its client to send it again: the first request that comes from
 * the same address with the same message claims the oldest of them (so that
 * several identical ones are claimed in the order they first came) and goes
 * on as that request, with its id and age. Not thread-safe: the board's lock
 * guards it.
 */
final class ReturningRequests {

    /** Oldest first. */
    private final List<WaitingRequest> waiting = new ArrayList<>();

    ReturningRequests(List<WaitingRequest> saved) {
        waiting.addAll(saved);
        waiting.sort(Comparator.comparing((WaitingRequest w) -> w.info().received())
                .thenComparingLong(w -> w.info().id()));
    }

    /** Takes the oldest request from {@code peer} with {@code message}, if there is one. */
    Optional<WaitingRequest> claim(String peer, String message) {
        for (Iterator<WaitingRequest> it = waiting.iterator(); it.hasNext();) {
            WaitingRequest w = it.next();
            if (w.info().peer().equals(peer) && w.info().message().equals(message)) {
                it.remove();
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    /** Whether request {@code id} waits for its client. */
    boolean contains(long id) {
        return waiting.stream().anyMatch(w -> w.info().id() == id);
    }

    /** The requests still waiting for their clients, oldest first. */
    List<WaitingRequest> all() {
        return List.copyOf(waiting);
    }

    /** Takes them all: their clients did not come back. */
    List<WaitingRequest> drain() {
        List<WaitingRequest> all = List.copyOf(waiting);
        waiting.clear();
        return all;
    }
}
