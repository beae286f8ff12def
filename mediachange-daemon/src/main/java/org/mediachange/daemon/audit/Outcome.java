package org.mediachange.daemon.audit;

/**
 * How one accepted connection ended. Every connection ends in exactly one
 * outcome, logged once. {@link #ERROR} carries a reason token.
 */
public enum Outcome {
    /** The operator pressed OK and the answer was sent. */
    OK("ok"),
    /** The operator cancelled and the answer was sent. */
    CANCEL("cancel"),
    /** Nobody answered within the answer timeout; {@code Timeout} was sent. */
    TIMEOUT("timeout"),
    /** The client went away while its dialog was up; the dialog was closed. */
    WITHDRAWN("withdrawn"),
    /** The peer is not on the allow-list. */
    DENIED("denied"),
    /** Too many pending requests in all or from this address. */
    BUSY("busy"),
    /** The request was refused; see the reason. */
    ERROR("error"),
    /**
     * An answer was decided (Ok, Cancel, Timeout, or Error shutting down) but could
     * not be sent: the client had gone. The audit line says which answer.
     */
    UNDELIVERABLE("undeliverable");

    private final String token;

    Outcome(String token) {
        this.token = token;
    }

    /** The word used in the audit log. */
    public String token() {
        return token;
    }
}
