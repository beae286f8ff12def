package org.mediachange.daemon.model;

import java.util.Objects;
import java.util.Optional;
import org.mediachange.common.protocol.Answer;
import org.mediachange.common.protocol.Reply;

/**
 * How a connection ended, whoever ended it: an operator's answer, the answer
 * timeout, the client leaving, an error (a refused request, shutdown, a
 * dialog that could not be shown), or a refusal at the door ({@code Denied},
 * {@code Busy}). The one place that says what each ending sends the client
 * ({@link #reply()}), the word the audit log, the board's history, the web
 * API and the notify commands record ({@link #word()}), and the sentence an
 * operator who answers too late reads ({@link #describe(long)}).
 */
public sealed interface Ending {

    /** Nobody answered within the answer timeout. */
    Ending TIMED_OUT = new TimedOut();

    /** The client went away while its request waited. */
    Ending WITHDRAWN = new Withdrawn();

    /** An operator's {@code decision}, given by {@code by}. */
    static Ending answered(Decision decision, Answerer by) {
        return new Answered(decision, by);
    }

    /** {@code Error} for {@code reason}. */
    static Ending failed(RequestError reason) {
        return new Failed(reason);
    }

    /**
     * The ending whose audit word is {@code word} ({@link #word()} read back), answered by the
     * answerer the audit log names {@code by} for {@code ok} and {@code cancel}; empty when no
     * ending has that word (or an answer names no answerer).
     */
    static Optional<Ending> fromWord(String word, String by) {
        if (word == null) {
            return Optional.empty();
        }
        for (TurnedAway t : TurnedAway.values()) {
            if (t.word().equals(word)) {
                return Optional.of(t);
            }
        }
        for (RequestError e : RequestError.values()) {
            if (word.equals("error:" + e.token())) {
                return Optional.of(failed(e));
            }
        }
        return switch (word) {
            case "ok", "cancel" -> Answerer.fromToken(by)
                    .map(a -> answered(word.equals("ok") ? Decision.OK : Decision.CANCEL, a));
            case "timeout" -> Optional.of(TIMED_OUT);
            case "withdrawn" -> Optional.of(WITHDRAWN);
            default -> Optional.empty();
        };
    }

    /** What the client is sent; empty when it gets nothing (it has gone). */
    Optional<Reply> reply();

    /** The audit outcome word once the reply was sent: {@code ok}, {@code error:line-too-long}, ... */
    String word();

    /** The audit outcome word when the reply could not be sent: {@code undeliverable:ok}, ... */
    default String undeliveredWord() {
        return "undeliverable:" + word();
    }

    /** The outcome word, {@code delivered} or not. */
    default String word(boolean delivered) {
        return delivered ? word() : undeliveredWord();
    }

    /** Who answered, for an operator's answer. */
    default Optional<Answerer> by() {
        return Optional.empty();
    }

    /** For people: "request 12 was already answered Ok by alice", "request 12 timed out: ...", ... */
    String describe(long id);

    /** An operator answered. */
    record Answered(Decision decision, Answerer answerer) implements Ending {

        /** Rejects nulls. */
        public Answered {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(answerer, "answerer");
        }

        @Override
        public Optional<Reply> reply() {
            return Optional.of(Reply.of(decision == Decision.OK ? Answer.OK : Answer.CANCEL));
        }

        @Override
        public String word() {
            return decision == Decision.OK ? "ok" : "cancel";
        }

        @Override
        public Optional<Answerer> by() {
            return Optional.of(answerer);
        }

        @Override
        public String describe(long id) {
            return "request " + id + " was already answered " + decision.word() + " " + answerer.text();
        }
    }

    /** Nobody answered in time: {@code Timeout}. */
    record TimedOut() implements Ending {
        @Override
        public Optional<Reply> reply() {
            return Optional.of(Reply.of(Answer.TIMEOUT));
        }

        @Override
        public String word() {
            return "timeout";
        }

        @Override
        public String describe(long id) {
            return "request " + id + " timed out: nobody answered in time";
        }
    }

    /** The client left: nothing is sent. */
    record Withdrawn() implements Ending {
        @Override
        public Optional<Reply> reply() {
            return Optional.empty();
        }

        @Override
        public String word() {
            return "withdrawn";
        }

        @Override
        public String describe(long id) {
            return "request " + id + " was withdrawn by its client";
        }
    }

    /** {@code Error <reason>}: a refused request, or one that shutdown or a failure ended. */
    record Failed(RequestError reason) implements Ending {

        /** Rejects null. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<Reply> reply() {
            return Optional.of(Reply.error(reason.wireText()));
        }

        @Override
        public String word() {
            return "error:" + reason.token();
        }

        /** {@code undeliverable:shutting-down}: the reason names the error. */
        @Override
        public String undeliveredWord() {
            return "undeliverable:" + reason.token();
        }

        @Override
        public String describe(long id) {
            return "request " + id + " ended: " + reason.why();
        }
    }

    /** Refused before a byte was read: {@code Denied} (not on the allow-list) or {@code Busy} (a cap). */
    enum TurnedAway implements Ending {
        /** The peer is not on the allow-list. */
        DENIED(Answer.DENIED),
        /** Too many connections in all or from this address. */
        BUSY(Answer.BUSY);

        private final Answer answer;

        TurnedAway(Answer answer) {
            this.answer = answer;
        }

        @Override
        public Optional<Reply> reply() {
            return Optional.of(Reply.of(answer));
        }

        @Override
        public String word() {
            return answer.word().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String describe(long id) {
            return "request " + id + " was refused: " + answer.word();
        }
    }
}
