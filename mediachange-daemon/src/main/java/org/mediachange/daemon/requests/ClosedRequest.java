package org.mediachange.daemon.requests;

import java.time.Instant;
import java.util.Objects;
import org.mediachange.daemon.model.RequestInfo;

/**
 * A request that has ended, as the recent history keeps it.
 *
 * @param info       the request; its message cut to {@link RequestBoard#RECENT_MESSAGE_CHARS}
 * @param closed     when it ended
 * @param resolution what ended it
 * @param outcome    the audit log's outcome word, e.g. {@code ok}, {@code undeliverable:ok}, {@code withdrawn}
 */
public record ClosedRequest(RequestInfo info, Instant closed, Resolution resolution, String outcome) {

    /** Rejects nulls. */
    public ClosedRequest {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(closed, "closed");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The request's id. */
    public long id() {
        return info.id();
    }

    /** Who answered, or null when nobody did. */
    public String by() {
        return resolution.by();
    }
}
