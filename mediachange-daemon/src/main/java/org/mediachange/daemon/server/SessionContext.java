package org.mediachange.daemon.server;

import java.util.Objects;
import java.util.function.LongSupplier;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.requests.RequestBoard;

/**
 * What every session shares: the settings, where requests go (the board),
 * where their ends are written (the audit log), and the helpers.
 *
 * @param config        the request port's settings
 * @param board         where requests wait and surfaces answer them
 * @param audit         one line per connection
 * @param hostNames     reverse DNS
 * @param authenticator checks signed requests (and remembers their nonces)
 * @param sessions      the open sessions, which a session leaves when it ends
 * @param nanoClock     {@link System#nanoTime()}, or a test's clock
 */
record SessionContext(ServerConfig config, RequestBoard board, AuditLog audit, HostNames hostNames,
        RequestAuthenticator authenticator, OpenSessions sessions, LongSupplier nanoClock) {

    /** Rejects nulls. */
    SessionContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(hostNames, "hostNames");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Seconds since {@code nanos} on {@link #nanoClock}. */
    double secondsSince(long nanos) {
        return (nanoClock.getAsLong() - nanos) / 1e9;
    }
}
