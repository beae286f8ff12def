package org.mediachange.daemon.model;

import org.mediachange.common.protocol.Reply;

/** Why a request was refused with {@code Error <reason>}: the wire text and the audit token. */
public enum RequestError {
    /** More than the allowed bytes without a line end. */
    LINE_TOO_LONG("line too long"),
    /** The line did not arrive within the request timeout. */
    REQUEST_TIMEOUT("request timeout"),
    /** The peer closed before sending a line end. */
    INCOMPLETE("incomplete request"),
    /** The line was empty or blank. */
    EMPTY("empty message"),
    /** The daemon stopped while the request was pending. */
    SHUTTING_DOWN(Reply.SHUTTING_DOWN),
    /** Reading from the peer failed. */
    IO("connection error"),
    /** The daemon has a key and the request was not signed. */
    AUTH_REQUIRED("authentication required"),
    /** The request's MAC is wrong. */
    AUTH_FAILED("authentication failed"),
    /** The request's timestamp is more than a minute off. */
    STALE("stale request"),
    /** The request's nonce was seen before. */
    REPLAYED("replayed request"),
    /** The request was signed but this daemon has no key to check it. */
    NO_KEY("authentication not configured"),
    /** The request's dialog could not be shown, and no other surface could take it. */
    DIALOG_FAILED("dialog failed"),
    /** The daemon failed unexpectedly while handling the request (logged with its cause). */
    INTERNAL("internal error");

    private final String wireText;

    RequestError(String wireText) {
        this.wireText = wireText;
    }

    /** The reason as sent after {@code Error}. */
    public String wireText() {
        return wireText;
    }

    /** For people, after "request 12 ended: ": why a request on the board ended with this error. */
    public String why() {
        return switch (this) {
            case SHUTTING_DOWN -> "the daemon is shutting down";
            case DIALOG_FAILED -> "it could not be shown to an operator";
            case INTERNAL -> "the daemon failed while handling it";
            default -> "it was refused: Error " + wireText;
        };
    }

    /** The reason as logged after {@code error:}, without spaces. */
    public String token() {
        return wireText.replace(' ', '-');
    }
}
