package org.mediachange.common.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.mediachange.common.time.Deadline;

/**
 * Reads one line from a socket with a byte cap and an overall deadline, and
 * decodes it as UTF-8 (malformed bytes become U+FFFD instead of losing the
 * line). Never reads more than {@code maxBytes + 1} bytes, so a peer that
 * sends an endless line costs a bounded amount of memory; the buffer grows
 * with the data, so a connection that sends little costs little whatever the
 * cap.
 */
public final class LineReader {

    /** First buffer size; most request lines fit. */
    static final int INITIAL_BUFFER = 512;

    private LineReader() {
    }

    /**
     * Reads up to the first LF.
     *
     * @param socket   connected socket; its SO_TIMEOUT is changed
     * @param maxBytes most bytes before the LF (a CR before the LF counts)
     * @param deadline when to give up
     * @return the line without CR/LF
     * @throws LineTooLongException     more than {@code maxBytes} bytes came without an LF
     * @throws IncompleteLineException  the peer closed its side before sending an LF
     * @throws SocketTimeoutException   the deadline passed
     */
    public static String readLine(Socket socket, int maxBytes, Deadline deadline) throws IOException {
        return readLine(socket, maxBytes, deadline, null);
    }

    /**
     * As {@link #readLine(Socket, int, Deadline)}, and once the first byte has
     * arrived the rest of the line must follow within {@code restWithin}
     * (null for no such limit), so a peer cannot dribble a line for ever.
     */
    public static String readLine(Socket socket, int maxBytes, Deadline deadline, Duration restWithin)
            throws IOException {
        return readLine(socket, maxBytes, deadline, restWithin, null, null);
    }

    /**
     * As {@link #readLine(Socket, int, Deadline, Duration)}, and runs
     * {@code onQuiet} once, in the calling thread, if not a byte has arrived
     * {@code quietFor} after the call while the connection is still open: the
     * peer holds the connection without a word, as a daemon holds a request
     * until its operator answers.
     *
     * @param quietFor how long the peer must be silent; positive (ignored when {@code onQuiet} is null)
     * @param onQuiet  what to run then; {@code null} for nothing
     */
    public static String readLine(Socket socket, int maxBytes, Deadline deadline, Duration restWithin,
            Duration quietFor, Runnable onQuiet) throws IOException {
        InputStream in = socket.getInputStream();
        if (maxBytes < 1 || maxBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be 1 to " + (Integer.MAX_VALUE - 1) + ": " + maxBytes);
        }
        int cap = maxBytes + 1;
        byte[] buf = new byte[Math.min(cap, INITIAL_BUFFER)];
        int n = 0;
        Deadline effective = deadline;
        Deadline quiet = onQuiet == null ? null : Deadline.after(quietFor);
        while (true) {
            int timeout = effective.socketTimeoutMillis();
            if (timeout < 0) {
                throw new SocketTimeoutException("no complete line before the deadline (" + n + " bytes received)");
            }
            // Until the quiet time has passed (with nothing received), wake up at its end.
            int quietLeft = quiet == null ? 0 : quiet.socketTimeoutMillis();
            if (quietLeft < 0) {
                quiet = null;
                onQuiet.run();
            }
            boolean toQuiet = quietLeft > 0 && (timeout == 0 || quietLeft < timeout);
            socket.setSoTimeout(toQuiet ? quietLeft : timeout);
            int r;
            try {
                r = in.read(buf, n, buf.length - n);
            } catch (SocketTimeoutException e) {
                if (!toQuiet) {
                    throw e;
                }
                // A timed-out read leaves the socket usable: tell, then wait on for the line.
                quiet = null;
                onQuiet.run();
                continue;
            }
            quiet = null; // something arrived: the peer was not quiet
            if (r < 0) {
                throw new IncompleteLineException(new String(buf, 0, n, Wire.CHARSET));
            }
            if (n == 0 && restWithin != null) {
                effective = deadline.min(Deadline.after(restWithin));
            }
            for (int i = n; i < n + r; i++) {
                if (buf[i] == Wire.LF) {
                    int end = i > 0 && buf[i - 1] == '\r' ? i - 1 : i;
                    return new String(buf, 0, end, Wire.CHARSET);
                }
            }
            n += r;
            if (n == cap) {
                throw new LineTooLongException(maxBytes);
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(cap, 2L * buf.length));
            }
        }
    }

    /** More than the allowed number of bytes arrived without a line end. */
    public static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int maxBytes) {
            super("line longer than " + maxBytes + " bytes");
        }
    }

    /** The peer closed its sending side before the line end. */
    public static final class IncompleteLineException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String partial;

        IncompleteLineException(String partial) {
            super(partial.isEmpty() ? "connection closed before any data" : "connection closed in mid-line");
            this.partial = partial;
        }

        /** What came before the peer closed, decoded; empty if nothing did. */
        public String partial() {
            return partial;
        }
    }
}
