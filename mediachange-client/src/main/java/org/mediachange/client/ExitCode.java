package org.mediachange.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of {@code mediachangec}, the contract with backup scripts.
 * The help text is generated from this enum, so the two cannot drift apart.
 */
public enum ExitCode {
    /** The operator answered OK. */
    OK(0, "The operator answered Ok."),
    /** The operator answered Cancel (button, Esc or closing the dialog). */
    CANCEL(1, "The operator answered Cancel."),
    /** Bad command line. */
    USAGE(2, "Usage error (bad option, missing host or message)."),
    /** No answer in time: {@code --timeout} passed, or the daemon said {@code Timeout}. */
    NO_ANSWER(3, "No answer in time (--timeout, or the daemon said Timeout)."),
    /** The daemon refused the request or answered something that is not an answer. */
    REFUSED(4, "The daemon refused: Denied, Busy, Error ..., or an unknown answer."),
    /** The daemon could not be reached before it had the request (a lost request is sent again instead). */
    UNREACHABLE(5, "Could not reach the daemon before it ever had the request.");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The numeric process exit status. */
    public int code() {
        return code;
    }

    /** One line for the help text. */
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

    /** The exit code list shown by {@code --help}. */
    public static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode e : values()) {
            list.put(Integer.toString(e.code), e.description);
        }
        return list;
    }
}
