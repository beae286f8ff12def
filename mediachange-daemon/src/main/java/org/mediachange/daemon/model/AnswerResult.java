package org.mediachange.daemon.model;

/**
 * What came of an operator's answer given on some surface.
 *
 * @param status  whether it decided the request
 * @param id      the request it was for
 * @param message for people: what happened, e.g. "request 12 was already answered Ok by alice"
 */
public record AnswerResult(Status status, long id, String message) {

    /** Whether an answer decided its request. */
    public enum Status {
        /** It did: the client is told this answer. */
        ANSWERED,
        /** Something else ended the request first; {@code message} says what. */
        TOO_LATE,
        /** No such request (never seen, or too long ago to remember). */
        UNKNOWN
    }
}
