package org.mediachange.daemon.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted request as every surface (the X dialog, the web console, the
 * shell console) sees it. All text is untrusted: shown only as text, escaped
 * for logs and terminals.
 *
 * @param id       small number, increasing while the daemon runs ("request 12")
 * @param received when the request line arrived
 * @param peer     the peer's IP address in compact text form
 * @param host     the peer's host name, or its address when it has none
 * @param message  the request line, decoded
 */
public record RequestInfo(long id, Instant received, String peer, String host, String message) {

    /** Rejects nulls. */
    public RequestInfo {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(message, "message");
    }
}
