package org.mediachange.daemon.dialog.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of one {@link DialogProcess}'s input, on a thread of its own, so
 * that no other thread ever waits for the process: whenever woken, it brings
 * the process in line with the pending requests ({@code show} what it lacks,
 * {@code close} what is no longer pending) and sends the {@code ping} asked
 * for. It works from the pending requests themselves and holds at most one
 * pass of lines, so nothing queues up for a process that stops reading; how
 * long a pass has blocked is {@link #writingSince}. Logged under
 * {@link DialogProcess}'s name, as the operator knows these lines by it.
 */
final class ProcessInput {

    private static final Logger LOG = LoggerFactory.getLogger(DialogProcess.class);

    private final Process process;
    private final long pid;
    private final NavigableMap<Long, DialogRequest> pending;
    private final BooleanSupplier ready;
    private final LongSupplier pingAsked;
    private final Consumer<String> fail;
    private final Thread writer;

    /** Ids this process was sent {@code show} and no {@code close} for; only the writer changes it. */
    private final Set<Long> shown = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    /** Guarded by {@link #signal}: the pending requests changed, or a ping is due. */
    private boolean dirty;
    /** Guarded by {@link #signal}: end the process's input. */
    private boolean closing;
    /** When the writer's current pass began (nanoTime), or 0 while it waits. */
    private volatile long writingSince;
    private long pingWritten;

    /**
     * A writer (not started) of {@code process}'s input.
     *
     * @param ready     whether the process has said {@code ready}: nothing is shown before
     * @param pingAsked the number of the last {@code ping} to send
     * @param fail      kills the process, for the reason given
     */
    ProcessInput(Process process, NavigableMap<Long, DialogRequest> pending, BooleanSupplier ready,
            LongSupplier pingAsked, Consumer<String> fail) {
        this.process = process;
        this.pid = process.pid();
        this.pending = pending;
        this.ready = ready;
        this.pingAsked = pingAsked;
        this.fail = fail;
        this.writer = DaemonThreads.of("mediachanged-dialogs-in", this::write);
    }

    /** Starts the writer thread. */
    void start() {
        writer.start();
    }

    /** Something to write: the pending requests changed, or a ping is due. Never blocks. */
    void wake() {
        synchronized (signal) {
            dirty = true;
            signal.notifyAll();
        }
    }

    /** Ends the process's input once the writer is done with its pass: the process closes its dialogs and exits. */
    void close() {
        synchronized (signal) {
            closing = true;
            signal.notifyAll();
        }
    }

    /** When the writer's current pass began (nanoTime), or 0 while it waits. */
    long writingSince() {
        return writingSince;
    }

    private void write() {
        OutputStream out = process.getOutputStream();
        try {
            while (awaitWork()) {
                if (!ready.getAsBoolean()) {
                    continue; // requests are shown once it is ready
                }
                writingSince = System.nanoTime();
                pass(out);
                out.flush();
                writingSince = 0;
            }
        } catch (IOException e) {
            LOG.debug("dialog process {} gone while writing to it: {}", pid, e.toString());
        } catch (RuntimeException | Error e) {
            fail.accept("could not be written to: " + e);
        } finally {
            writingSince = 0;
            try {
                out.close(); // end of input: the process closes its dialogs and exits
            } catch (IOException e) {
                LOG.trace("closing the input of dialog process {}: {}", pid, e.toString());
            }
        }
    }

    /** Waits until there is something to do; false when the input is to be closed. */
    private boolean awaitWork() {
        synchronized (signal) {
            while (!dirty && !closing) {
                try {
                    signal.wait();
                } catch (InterruptedException e) {
                    return false;
                }
            }
            dirty = false;
            return !closing;
        }
    }

    /** Closes what is no longer pending, pings if asked, and shows what is new, oldest first. */
    private void pass(OutputStream out) throws IOException {
        for (Iterator<Long> it = shown.iterator(); it.hasNext();) {
            long id = it.next();
            if (!pending.containsKey(id)) {
                line(out, PipeProtocol.close(id)); // also after an answer: harmless, and no race with it
                it.remove();
            }
        }
        long ping = pingAsked.getAsLong();
        if (ping > pingWritten) {
            line(out, PipeProtocol.ping(ping));
            pingWritten = ping;
        }
        for (Map.Entry<Long, DialogRequest> e : pending.entrySet()) {
            if (shown.add(e.getKey())) {
                line(out, PipeProtocol.show(e.getValue().request()));
            }
        }
    }

    private static void line(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
