package org.mediachange.daemon.requests;

import java.util.List;

/**
 * What a {@link RequestBoard} saves so that a later run of the daemon can go
 * on from it ({@link RequestBoard#saved()}).
 *
 * @param waiting the requests that wait (pending, and those still waiting for their clients since
 *                the last start), oldest first
 * @param recent  the recently ended requests, oldest first
 */
public record SavedBoard(List<WaitingRequest> waiting, List<ClosedRequest> recent) {

    /** Nothing saved: a first start. */
    public static final SavedBoard NONE = new SavedBoard(List.of(), List.of());

    /** Copies the lists. */
    public SavedBoard {
        waiting = List.copyOf(waiting);
        recent = List.copyOf(recent);
    }
}
