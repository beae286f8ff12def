package org.mediachange.client;

import org.mediachange.common.cli.ExitStatus;

/**
 * The exit codes of {@code mediachangec}, the contract with backup scripts.
 * {@code --help}, the man page and the README's table come from this enum
 * (the README through a test), so they cannot drift apart.
 */
public enum ExitCode implements ExitStatus {
    /** The operator answered OK. */
    OK(0, "The operator answered Ok."),
    /** The operator answered Cancel (button, Esc or closing the dialog). */
    CANCEL(1, "The operator answered Cancel (button, Esc, or closing the dialog)."),
    /** Bad command line. */
    USAGE(2, "Usage error (bad option, missing host or message)."),
    /** No answer in time: {@code --timeout} passed, or the daemon said {@code Timeout}. */
    NO_ANSWER(3, "No answer in time: --timeout passed, or the daemon said Timeout."),
    /** The daemon refused the request or answered something that is not an answer. */
    REFUSED(4, "The daemon refused: Denied (this host is not allowed), Busy, Error ... (except Error shutting down),"
            + " or an answer that is not a mediachange answer."),
    /** The daemon could not be reached before it had the request (a lost request is sent again instead). */
    UNREACHABLE(5, "Could not reach the daemon (connection refused or failed, unknown host) before it had the"
            + " request. A request it had and lost (connection lost, Error shutting down) is sent again instead,"
            + " until --timeout.");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String description() {
        return description;
    }

    /** The exit code a script sees for {@code outcome}. */
    static ExitCode of(Outcome outcome) {
        if (outcome instanceof Outcome.Answered a) {
            return switch (a.reply().answer()) {
                case OK -> OK;
                case CANCEL -> CANCEL;
                case TIMEOUT -> NO_ANSWER;
                case DENIED, BUSY -> REFUSED;
                case ERROR -> a.reply().isShutdown() ? UNREACHABLE : REFUSED;
            };
        }
        if (outcome instanceof Outcome.TimedOut) {
            return NO_ANSWER;
        }
        if (outcome instanceof Outcome.Unrecognised) {
            return REFUSED;
        }
        return UNREACHABLE;
    }
}
