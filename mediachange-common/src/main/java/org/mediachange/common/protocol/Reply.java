package org.mediachange.common.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * One answer line: an {@link Answer} word and, for {@link Answer#ERROR}, a
 * reason. {@code Ok}, {@code Cancel}, {@code Denied}, {@code Busy} and
 * {@code Timeout} never carry a detail.
 *
 * @param answer the answer word
 * @param detail the reason after {@code Error}, empty otherwise
 */
public record Reply(Answer answer, String detail) {

    /** The daemon is going away; a client may reconnect and ask again. */
    public static final String SHUTTING_DOWN = "shutting down";

    /** Validates the pair. */
    public Reply {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(detail, "detail");
        if (answer != Answer.ERROR && !detail.isEmpty()) {
            throw new IllegalArgumentException(answer.word() + " carries no detail");
        }
        if (detail.indexOf('\n') >= 0 || detail.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("detail must be one line");
        }
    }

    /** A reply without detail. */
    public static Reply of(Answer answer) {
        return new Reply(answer, "");
    }

    /** {@code Error <reason>}. */
    public static Reply error(String reason) {
        return new Reply(Answer.ERROR, reason);
    }

    /** The line as sent on the wire, without the line end. */
    public String toLine() {
        return detail.isEmpty() ? answer.word() : answer.word() + " " + detail;
    }

    /** True for {@code Error shutting down}: the daemon stopped, not the request. */
    public boolean isShutdown() {
        return answer == Answer.ERROR && SHUTTING_DOWN.equals(detail);
    }

    /**
     * Parses an answer line (line end already removed). The match is exact, as
     * the original daemon only ever sends {@code Ok} or {@code Cancel}.
     *
     * @return the reply, or empty when the line is not a mediachange answer
     */
    public static Optional<Reply> parse(String line) {
        int space = line.indexOf(' ');
        String word = space < 0 ? line : line.substring(0, space);
        Answer answer = Answer.fromWord(word);
        if (answer == null) {
            return Optional.empty();
        }
        if (space < 0) {
            return Optional.of(of(answer));
        }
        String detail = line.substring(space + 1);
        if (answer != Answer.ERROR || detail.indexOf('\r') >= 0 || detail.indexOf('\n') >= 0) {
            return Optional.empty();
        }
        return Optional.of(error(detail));
    }
}
