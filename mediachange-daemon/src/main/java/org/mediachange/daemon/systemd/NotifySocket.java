package org.mediachange.daemon.systemd;

import java.io.IOException;

/** Where sd_notify messages go: systemd's notification socket, or (in tests) any receiver of datagrams. */
interface NotifySocket extends AutoCloseable {

    /** Sends one message, e.g. {@code READY=1} or {@code STATUS=...\nWATCHDOG=1}, as one datagram. */
    void send(String message) throws IOException;

    @Override
    void close();
}
