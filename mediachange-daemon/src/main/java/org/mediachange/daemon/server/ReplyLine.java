package org.mediachange.daemon.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import org.mediachange.common.protocol.Wire;
import org.mediachange.common.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line a connection is answered with: written, then the daemon's
 * sending side ends. After a refusal the daemon lingers: it reads and discards
 * what the client still sends, for a bounded time and amount, so that closing
 * does not send a reset that could destroy the reply before the client reads
 * it (as HTTP servers do).
 */
final class ReplyLine {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyLine.class);

    /** After an error reply, unread input is discarded for at most this long... */
    static final Duration LINGER_TIME = Duration.ofSeconds(2);
    /** ...and at most this many bytes, before closing (a close with unread input sends a reset). */
    static final int LINGER_BYTES = 2 << 20;

    private ReplyLine() {
    }

    /** Writes {@code line} and ends the sending side; false if the client could not be reached. */
    static boolean send(Socket socket, String line) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(Wire.encodeLine(line));
            out.flush();
            socket.shutdownOutput();
            return true;
        } catch (IOException e) {
            LOG.debug("could not send '{}': {}", line, e.toString());
            return false;
        }
    }

    /** Discards what the client still sends, for at most {@link #LINGER_TIME} and {@link #LINGER_BYTES}. */
    static void linger(Socket socket) {
        Deadline until = Deadline.after(LINGER_TIME);
        byte[] scratch = new byte[8192];
        long total = 0;
        try {
            InputStream in = socket.getInputStream();
            while (total < LINGER_BYTES) {
                int timeout = until.socketTimeoutMillis();
                if (timeout < 0) {
                    break;
                }
                socket.setSoTimeout(Math.max(1, timeout));
                int n = in.read(scratch);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            LOG.trace("discarding input: {}", e.toString());
        }
    }
}
