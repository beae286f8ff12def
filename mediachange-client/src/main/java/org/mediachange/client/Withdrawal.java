package org.mediachange.client;

import java.io.IOException;
import java.net.Socket;

/**
 * Lets another thread withdraw one daemon's request by closing its connection:
 * when several daemons are asked and one answers, the others must let go at
 * once, and the daemon takes a closed connection as the request withdrawn
 * (docs/PROTOCOL.md, "Connection life"). Closing also ends a connect or a read
 * blocked in the exchange's thread. Once withdrawn, no new connection is made.
 */
final class Withdrawal {

    private boolean withdrawn; // guarded by this
    private Socket current; // guarded by this

    /**
     * Registers {@code socket} as the exchange's connection, to be closed on
     * withdrawal; false (and {@code socket} closed) if already withdrawn.
     */
    synchronized boolean open(Socket socket) {
        if (withdrawn) {
            closeQuietly(socket);
            return false;
        }
        current = socket;
        return true;
    }

    /** The exchange is done with {@code socket} (and closes it itself). */
    synchronized void done(Socket socket) {
        if (current == socket) {
            current = null;
        }
    }

    /**
     * Withdraws the request: closes the connection, now and for every later
     * attempt, with a reset (SO_LINGER 0) rather than a FIN. The daemon takes
     * the reset as the request withdrawn the moment it arrives; a FIN would
     * leave it to probe whether we still listen, and while our reading thread
     * still holds the socket (Java sends the FIN first and closes the socket once
     * that thread has let go) the first probe can find it open, which delays
     * the withdrawal to a later probe, two seconds on.
     */
    synchronized void withdraw() {
        withdrawn = true;
        if (current != null) {
            try {
                current.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed or never connected: the plain close below is all there is to do
            }
            closeQuietly(current);
            current = null;
        }
    }

    /** Whether {@link #withdraw()} was called. */
    synchronized boolean withdrawn() {
        return withdrawn;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed as far as we are concerned: the descriptor is released either way
        }
    }
}
