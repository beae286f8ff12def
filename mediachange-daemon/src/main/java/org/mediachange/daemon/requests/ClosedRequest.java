package org.mediachange.daemon.requests;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
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
 * @param marks     the marks surfaces left on it while it was pending ({@link PendingRequest#marks()})
 */
public record ClosedRequest(RequestInfo info, Instant closed, Ending ending, boolean delivered, Set<String> marks) {

    /** Rejects nulls; copies the marks. */
    public ClosedRequest {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(closed, "closed");
        Objects.requireNonNull(ending, "ending");
        marks = Collections.unmodifiableSet(new LinkedHashSet<>(marks));
    }

    /** An ended request without marks. */
    public ClosedRequest(RequestInfo info, Instant closed, Ending ending, boolean delivered) {
        this(info, closed, ending, delivered, Set.of());
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
