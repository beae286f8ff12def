package org.mediachange.daemon.requests;

import java.time.Instant;
import java.util.Objects;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestInfo;

/**
 * A request that has ended, as the recent history keeps it.
 *
 * @param info      the request; its message cut to {@link RequestBoard#RECENT_MESSAGE_CHARS}
 * @param closed    when it ended
 * @param ending    how it ended
 * @param delivered whether the client got its reply (true when there was none to send)
 */
public record ClosedRequest(RequestInfo info, Instant closed, Ending ending, boolean delivered) {

    /** Rejects nulls. */
    public ClosedRequest {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(closed, "closed");
        Objects.requireNonNull(ending, "ending");
    }

    /** The request's id. */
    public long id() {
        return info.id();
    }

    /** The audit log's outcome word, e.g. {@code ok}, {@code undeliverable:ok}, {@code withdrawn}. */
    public String outcome() {
        return ending.word(delivered);
    }

    /** Who answered as the audit log names them ({@code dialog}, {@code web:alice}, {@code link}), or null. */
    public String by() {
        return ending.by().map(Answerer::token).orElse(null);
    }
}
