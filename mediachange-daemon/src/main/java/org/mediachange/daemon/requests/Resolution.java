package org.mediachange.daemon.requests;

import java.util.Objects;
import org.mediachange.daemon.model.Decision;

/**
 * What ended a pending request, whoever got there first: an operator's answer
 * on some surface, or the client, the answer timeout, the daemon stopping or a
 * dialog that could not be shown.
 *
 * @param kind what happened
 * @param by   who answered ({@code dialog}, {@code web:NAME}, {@code link}); null unless an answer
 */
public record Resolution(Kind kind, String by) {

    /** The ways a pending request ends. */
    public enum Kind {
        /** An operator answered OK. */
        OK,
        /** An operator answered Cancel. */
        CANCEL,
        /** Nobody answered within the answer timeout. */
        TIMEOUT,
        /** The client went away. */
        WITHDRAWN,
        /** The daemon is stopping. */
        SHUTDOWN,
        /** The request could not be shown to anyone. */
        FAILED
    }

    /** Surface name of the X dialog, as audited. */
    public static final String BY_DIALOG = "dialog";

    /** Checks that exactly the answers name who gave them. */
    public Resolution {
        Objects.requireNonNull(kind, "kind");
        if (isAnswer(kind) != (by != null)) {
            throw new IllegalArgumentException(kind + " with by=" + by);
        }
    }

    /** An operator's answer given on surface {@code by}. */
    public static Resolution answer(Decision decision, String by) {
        return new Resolution(decision == Decision.OK ? Kind.OK : Kind.CANCEL, Objects.requireNonNull(by, "by"));
    }

    /** An end that is not an answer. */
    public static Resolution of(Kind kind) {
        return new Resolution(kind, null);
    }

    /** Whether an operator answered. */
    public boolean answered() {
        return isAnswer(kind);
    }

    private static boolean isAnswer(Kind k) {
        return k == Kind.OK || k == Kind.CANCEL;
    }
}
