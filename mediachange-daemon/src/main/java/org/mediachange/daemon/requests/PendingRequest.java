package org.mediachange.daemon.requests;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.mediachange.daemon.model.RequestInfo;

/**
 * A request that waits for its end. Whoever resolves it first (an operator on
 * any surface, the client leaving, the answer timeout, shutdown) decides; the
 * connection handler then replies, audits and closes it on the board.
 */
public final class PendingRequest {

    private final RequestInfo info;
    private final CompletableFuture<Resolution> resolution = new CompletableFuture<>();

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

    /** Ends the request with {@code r} unless something else ended it first; true if {@code r} won. */
    public boolean resolve(Resolution r) {
        return resolution.complete(r);
    }

    /** What ended it, once something has. */
    public Optional<Resolution> resolution() {
        return Optional.ofNullable(resolution.getNow(null));
    }

    /** Completes with the first resolution; for waiting and callbacks. Never completes exceptionally. */
    public CompletableFuture<Resolution> ending() {
        return resolution.copy();
    }
}
