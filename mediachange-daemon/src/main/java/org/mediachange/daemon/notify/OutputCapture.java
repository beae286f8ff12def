package org.mediachange.daemon.notify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mediachange.common.concurrent.DaemonThreads;

/**
 * Reads a run's output on a thread of its own until the end of the stream,
 * keeping the first bytes for the log and counting the rest. Reading to the
 * end (rather than stopping at the cap) keeps a chatty command from blocking
 * on a full pipe.
 */
final class OutputCapture implements Runnable {

    private final InputStream in;
    private final byte[] kept;
    private final CountDownLatch done = new CountDownLatch(1);
    /** Guarded by this. */
    private int length;
    /** Guarded by this. */
    private long dropped;

    private OutputCapture(InputStream in, int max) {
        this.in = in;
        this.kept = new byte[max];
    }

    /** Starts reading {@code in} on a daemon thread named {@code threadName}, keeping {@code max} bytes. */
    static OutputCapture start(InputStream in, int max, String threadName) {
        OutputCapture c = new OutputCapture(in, max);
        DaemonThreads.start(threadName, c);
        return c;
    }

    @Override
    public void run() {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (this) {
                    int take = Math.min(n, kept.length - length);
                    System.arraycopy(buf, 0, kept, length, take);
                    length += take;
                    dropped += n - take;
                }
            }
        } catch (IOException e) {
            // The stream was closed under us: what was read so far is the output.
        } finally {
            done.countDown();
        }
    }

    /**
     * Waits up to {@code millis} for the end of the output. False if something
     * (a child that left the process tree) still holds the pipe open.
     */
    boolean await(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    /** The output so far as text (bad UTF-8 replaced), with a note of the bytes that were not kept. */
    synchronized String text() {
        // new String(...) replaces malformed input rather than throwing.
        String s = new String(kept, 0, length, StandardCharsets.UTF_8);
        // What most commands print ends with one line end, which says nothing in a one-line log.
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        return dropped == 0 ? s : s + " [" + dropped + " more bytes not kept]";
    }
}
