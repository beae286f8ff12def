package org.mediachange.daemon.requests;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestInfo;

/**
 * A request that waits for its end. Whoever ends it first (an operator on
 * any surface, the client leaving, the answer timeout, shutdown, a dialog
 * that cannot be shown) decides; the session then replies, audits and closes
 * it on the board.
 */
public final class PendingRequest {

    private final RequestInfo info;
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();

    PendingRequest(RequestInfo info) {
        this.info = info;
    }

    /** The request. */
    public RequestInfo info() {
        return info;
    }

    /** The request's id. */
    public long id() {
        return info.id();
    }

    /** Ends the request with {@code e} unless something else ended it first; true if {@code e} won. */
    public boolean resolve(Ending e) {
        return ending.complete(e);
    }

    /** What ended it, once something has. */
    public Optional<Ending> ending() {
        return Optional.ofNullable(ending.getNow(null));
    }

    /** Completes with the first ending; for waiting and callbacks. Never completes exceptionally. */
    public CompletableFuture<Ending> ended() {
        return ending.copy();
    }
}
