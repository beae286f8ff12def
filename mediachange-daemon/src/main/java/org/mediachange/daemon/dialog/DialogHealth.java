package org.mediachange.daemon.dialog;

import org.mediachange.daemon.tally.Tally;

/**
 * What an operator prompt that shows dialogs on an X display can say about
 * itself, for {@code /metrics}, {@code /api/health} and systemd's status line:
 * whether the display answers, what its dialog process is doing, and how
 * often one was started and why. A prompt without a display (a scripted one,
 * {@code --dialog none}) does not have this.
 */
public interface DialogHealth {

    /** Where the dialog side stands. */
    enum State {
        /** No X server answers at DISPLAY: requests wait (on the board, and on any other surface). */
        WAITING_FOR_DISPLAY("waiting-for-display"),
        /**
         * No dialog process runs because none is needed: no request waits and the keep-warm time
         * ({@code --dialog-keep-warm}) has passed. The next request starts one. Healthy.
         */
        IDLE("idle"),
        /** A dialog process has been started and has not said it is ready yet. */
        STARTING("starting"),
        /** A dialog process is ready: requests are shown. */
        READY("ready");

        private final String word;

        State(String word) {
            this.word = word;
        }

        /** The state as {@code /api/health} and the documentation name it. */
        public String word() {
            return word;
        }
    }

    /** Why a dialog process was started: the first start, or why the one before it ended. */
    enum StartCause {
        /** The first dialog process of this daemon. */
        FIRST("first"),
        /** The one before ended because the display went away (it is back now). */
        DISPLAY("display"),
        /** The one before ended by itself (crashed, or exited with an error). */
        EXITED("exited"),
        /** The one before was killed: it stopped answering, or broke the protocol. */
        KILLED("killed"),
        /** The one before ended for idleness (no dialog for the keep-warm time); a request came since. */
        IDLE("idle");

        private final String word;

        StartCause(String word) {
            this.word = word;
        }

        /** The cause as {@code /metrics} labels it. */
        public String word() {
            return word;
        }
    }

    /** The state now. */
    State state();

    /**
     * Whether the X display answers now: a dialog process is ready, or the last check reached it
     * (made now when no dialog process is needed).
     */
    boolean displayAnswers();

    /** The dialog processes started so far, by {@link StartCause#word()}. */
    Tally starts();

    /** The X display the dialogs go to, e.g. {@code :0}. */
    String display();
}
