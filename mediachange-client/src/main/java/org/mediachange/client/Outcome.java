package org.mediachange.client;

import org.mediachange.common.protocol.Answer;
import org.mediachange.common.protocol.Reply;

/** How one exchange with the daemon ended, before it is turned into an exit code. */
public sealed interface Outcome {

    /**
     * Whether the daemon had the request and lost it before an answer: the
     * connection ended without one, or the daemon said {@code Error shutting
     * down}. The client then sends the request again once the daemon is back
     * ({@link RequestSender}).
     */
    default boolean lostRequest() {
        return false;
    }

    /** The daemon sent a recognised answer line. */
    record Answered(Reply reply, String rawLine) implements Outcome {
        @Override
        public boolean lostRequest() {
            return reply.isShutdown();
        }

        /** {@code Busy}: the daemon is full; the same request may be taken a moment later. */
        boolean busy() {
            return reply.answer() == Answer.BUSY;
        }
    }

    /** The daemon sent something that is not a mediachange answer. */
    record Unrecognised(String rawLine, String why) implements Outcome {
    }

    /**
     * No connection could be made.
     *
     * @param why        what went wrong, for the message
     * @param unresolved whether the host name did not resolve (so the daemon was never even tried)
     */
    record Unreachable(String why, boolean unresolved) implements Outcome {
        /** A connection that failed after the name resolved. */
        Unreachable(String why) {
            this(why, false);
        }
    }

    /** Connected, but the connection ended before an answer line. */
    record Lost(String why) implements Outcome {
        @Override
        public boolean lostRequest() {
            return true;
        }
    }

    /** The client's own {@code --timeout} passed. */
    record TimedOut() implements Outcome {
    }
}
