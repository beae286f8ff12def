package org.mediachange.daemon.audit;

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
    SHUTTING_DOWN(org.mediachange.common.protocol.Reply.SHUTTING_DOWN),
    /** Reading from the peer failed. */
    IO("connection error");

    private final String wireText;

    RequestError(String wireText) {
        this.wireText = wireText;
    }

    /** The reason as sent after {@code Error}. */
    public String wireText() {
        return wireText;
    }

    /** The reason as logged after {@code error:}, without spaces. */
    public String token() {
        return wireText.replace(' ', '-');
    }
}
