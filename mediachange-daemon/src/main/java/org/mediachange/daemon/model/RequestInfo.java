package org.mediachange.daemon.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted request as every surface (the X dialog, the web console, the
 * shell console) sees it. All text is untrusted: shown only as text, escaped
 * for logs and terminals.
 *
 * @param id       small number, never used twice, also across restarts ("request 12")
 * @param received when the request line arrived
 * @param peer     the peer's IP address in compact text form
 * @param host     the peer's host name, or its address when it has none
 * @param message  the request line, decoded
 * @param restarts how many starts of the daemon the request has outlived: 0 until a daemon that
 *                 was stopped (or died) while it waited is started again and its client sends it again
 */
public record RequestInfo(long id, Instant received, String peer, String host, String message, int restarts) {

    /** Rejects nulls and a negative count. */
    public RequestInfo {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(message, "message");
        if (restarts < 0) {
            throw new IllegalArgumentException("restarts " + restarts);
        }
    }

    /** A request that has not outlived a restart. */
    public RequestInfo(long id, Instant received, String peer, String host, String message) {
        this(id, received, peer, host, message, 0);
    }

    /** This request with {@code text} as its message. */
    public RequestInfo withMessage(String text) {
        return new RequestInfo(id, received, peer, host, text, restarts);
    }
}
