package org.mediachange.daemon.audit;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestInfo;

/**
 * What one audit line says about one connection.
 *
 * @param ending    how it ended
 * @param delivered whether the client got the ending's reply (true when there was none to send)
 * @param peer      the remote address
 * @param id        the request's id on the board; 0 for a connection that never became a request
 * @param host      the peer's host name, if it was looked up; else null
 * @param message   the request line, if one was read; else null
 * @param seconds   seconds from the request's arrival (a refusal: from the accept) to its end
 * @param restarts  how many starts of the daemon the request outlived ({@link RequestInfo#restarts()})
 */
public record AuditEntry(Ending ending, boolean delivered, InetSocketAddress peer, long id, String host,
        String message, double seconds, int restarts) {

    /** Rejects nulls where a value is needed. */
    public AuditEntry {
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(peer, "peer");
    }

    /** An entry about a request that outlived no restart. */
    public AuditEntry(Ending ending, boolean delivered, InetSocketAddress peer, long id, String host, String message,
            double seconds) {
        this(ending, delivered, peer, id, host, message, seconds, 0);
    }

    /** The end of {@code request}, a request on the board. */
    public static AuditEntry of(RequestInfo request, Ending ending, boolean delivered, InetSocketAddress peer,
            double seconds) {
        return new AuditEntry(ending, delivered, peer, request.id(), request.host(), request.message(), seconds,
                request.restarts());
    }

    /** A connection refused before it became a request; {@code line} is what was read of it, or null. */
    public static AuditEntry refusal(Ending ending, InetSocketAddress peer, String line, double seconds) {
        return new AuditEntry(ending, true, peer, 0, null, line, seconds);
    }

    /** The outcome word: the ending's, or its undeliverable form. */
    public String outcome() {
        return ending.word(delivered);
    }
}
