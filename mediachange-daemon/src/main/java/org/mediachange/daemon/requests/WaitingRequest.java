package org.mediachange.daemon.requests;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.mediachange.daemon.model.RequestInfo;

/**
 * A request that waits, as the board saves it ({@link SavedBoard}): the
 * request, its client's TCP port (0 when unknown), the marks surfaces left on it.
 *
 * @param info  the request
 * @param port  its client's port, for the audit line should it end without its client
 * @param marks see {@link PendingRequest#marks()}
 */
public record WaitingRequest(RequestInfo info, int port, Set<String> marks) {

    /** Rejects nulls; copies the marks, keeping their order. */
    public WaitingRequest {
        Objects.requireNonNull(info, "info");
        marks = Collections.unmodifiableSet(new LinkedHashSet<>(marks));
    }
}
