package org.mediachange.client;

import org.mediachange.common.protocol.Reply;

/** How one exchange with the daemon ended, before it is turned into an exit code. */
public sealed interface Outcome {

    /** Whether trying again later could give a different result (used by {@code --retry-for}). */
    boolean retryable();

    /** The daemon sent a recognised answer line. */
    record Answered(Reply reply, String rawLine) implements Outcome {
        @Override
        public boolean retryable() {
            // A daemon that is restarting or full may accept the same request a moment later.
            return reply.isShutdown() || reply.answer() == org.mediachange.common.protocol.Answer.BUSY;
        }
    }

    /** The daemon sent something that is not a mediachange answer. */
    record Unrecognised(String rawLine, String why) implements Outcome {
        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** No connection could be made. */
    record Unreachable(String why) implements Outcome {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** Connected, but the connection ended before an answer line. */
    record Lost(String why) implements Outcome {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** The client's own {@code --timeout} passed. */
    record TimedOut() implements Outcome {
        @Override
        public boolean retryable() {
            return false;
        }
    }
}
