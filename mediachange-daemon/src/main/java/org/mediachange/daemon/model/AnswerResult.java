package org.mediachange.daemon.model;

import java.util.Objects;

/**
 * What came of an operator's answer given on some surface.
 *
 * @param status whether it decided the request
 * @param id     the request it was for
 * @param ending how the request ended: by this answer, or by what came first; null when it is unknown or
 *               away
 */
public record AnswerResult(Status status, long id, Ending ending) {

    /** Whether an answer decided its request. */
    public enum Status {
        /** It did: the client is told this answer. */
        ANSWERED,
        /** Something else ended the request first; {@code ending} says what. */
        TOO_LATE,
        /** No such request (never seen, or too long ago to remember). */
        UNKNOWN,
        /**
         * The request was pending when the daemon stopped, and its client has not sent it again
         * yet: it cannot be answered before it has (there is nobody to tell the answer).
         */
        AWAY
    }

    /** Checks that only an unknown or away request has no ending. */
    public AnswerResult {
        Objects.requireNonNull(status, "status");
        if ((status == Status.UNKNOWN || status == Status.AWAY) != (ending == null)) {
            throw new IllegalArgumentException(status + " with " + ending);
        }
    }

    /** For people: "request 12 answered Ok", "request 12 was already answered Ok by alice", ... */
    public String message() {
        return switch (status) {
            case ANSWERED -> "request " + id + " answered " + ((Ending.Answered) ending).decision().word();
            case TOO_LATE -> ending.describe(id);
            case UNKNOWN -> "there is no request " + id;
            case AWAY -> "request " + id + " waits for its client to send it again after the daemon's restart;"
                    + " answer it once it is back";
        };
    }
}
