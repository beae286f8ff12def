package org.mediachange.daemon.dialog.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads LF-terminated lines of at most a given number of bytes from the
 * dialog process's output, decoding UTF-8 (malformed bytes become U+FFFD). Holds one
 * buffer of that size and no more: a line without end costs a fixed amount
 * of memory. A longer line is returned cut as soon as the buffer is full, and
 * the rest of it is skipped by the following reads.
 */
final class BoundedLineReader {

    /** One line without its LF (or CR LF); {@code cut} when it was longer than the limit. */
    record Line(String text, boolean cut) {
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buf;
    /** Bytes buffered: {@code buf[start, end)}. */
    private int start;
    private int end;
    /** Inside a cut line: discard up to its LF. */
    private boolean skipping;

    BoundedLineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.buf = new byte[maxBytes + 1]; // room for the LF
    }

    /**
     * The next line, or null at end of stream (a last line without LF counts
     * as a line). A line of more than the limit comes back with {@code cut}
     * set and its first bytes, as soon as they are read.
     */
    Line next() throws IOException {
        while (true) {
            int lf = indexOfLf();
            if (lf >= 0) {
                int from = start;
                start = lf + 1;
                if (skipping) {
                    skipping = false; // the end of a cut line: the next line starts here
                    continue;
                }
                int to = lf > from && buf[lf - 1] == '\r' ? lf - 1 : lf;
                return new Line(new String(buf, from, to - from, StandardCharsets.UTF_8), false);
            }
            if (skipping) {
                start = end = 0;
            } else if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buf.length) {
                skipping = true;
                start = end = 0;
                return new Line(new String(buf, 0, maxBytes, StandardCharsets.UTF_8), true);
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                if (end > start && !skipping) {
                    String last = new String(buf, start, end - start, StandardCharsets.UTF_8);
                    start = end = 0;
                    return new Line(last, false);
                }
                return null;
            }
            end += n;
        }
    }

    private int indexOfLf() {
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
