package org.mediachange.daemon.dialog.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.mediachange.daemon.dialog.DialogFailedException;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running dialog process and the three threads that talk to it, so that
 * no other thread ever waits for it: a writer, which brings the process in
 * line with the pending requests ({@code show} what it lacks, {@code close}
 * what is no longer pending) whenever they change; a reader of its output
 * (answers, {@code pong}); a reader of its errors, for the log. Lines from the
 * process are bounded; anything outside the protocol is a failure. The
 * writer is a {@link ProcessInput}, the readers are a {@link ProcessOutput};
 * this class holds what they share: the process, whether it is ready, the
 * {@code ping}s and {@code pong}s, and why it was killed.
 *
 * <p>Nothing queues up for a process that stops reading: the writer works
 * from the pending requests themselves (at most {@code --max-pending}) and
 * holds at most one pass of lines; {@link #check} tells the supervisor when
 * a write has blocked too long, a {@code ping} went unanswered, or the
 * process never became ready. {@link #fail} kills the process, which also
 * frees a writer blocked on it.
 */
final class DialogProcess {

    private static final Logger LOG = LoggerFactory.getLogger(DialogProcess.class);

    private final Process process;
    private final long pid;
    private final String display;
    private final NavigableMap<Long, DialogRequest> pending;
    private final Runnable onReady;
    private final long startNanos = System.nanoTime();

    private volatile boolean ready;
    private volatile long pingAsked;
    private volatile long pingAskedNanos;
    private volatile long pongs;
    private volatile long pongNanos;

    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private final ProcessInput input;
    private final ProcessOutput output;

    private DialogProcess(Process process, String display, NavigableMap<Long, DialogRequest> pending,
            Runnable onReady) {
        this.process = process;
        this.pid = process.pid();
        this.display = display;
        this.pending = pending;
        this.onReady = onReady;
        this.input = new ProcessInput(process, pending, this::ready, () -> pingAsked, this::fail);
        this.output = new ProcessOutput(process, this::handle, this::fail);
    }

    /**
     * Starts {@code command} with {@code DISPLAY} set to {@code display}; once it
     * says {@code ready}, runs {@code onReady} and shows every request in
     * {@code pending}, oldest first, and from then on keeps it in line with them.
     */
    static DialogProcess start(List<String> command, String display, NavigableMap<Long, DialogRequest> pending,
            Runnable onReady) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DISPLAY", display);
        Process process = pb.start();
        try {
            DialogProcess p = new DialogProcess(process, display, pending, onReady);
            p.input.start();
            p.output.start();
            return p;
        } catch (RuntimeException | Error e) {
            process.destroyForcibly(); // no thread would ever talk to it
            throw e;
        }
    }

    /** Its process id. */
    long pid() {
        return pid;
    }

    /** Whether it has said {@code ready}. */
    boolean ready() {
        return ready;
    }

    /** The last line it printed on stderr, escaped; empty if none. */
    String lastError() {
        return output.lastError();
    }

    /** Why it was killed ({@link #fail}), or null. */
    String failure() {
        return stopping ? null : failure.get();
    }

    /** The pending requests changed: bring the process in line. Never blocks. */
    void wake() {
        input.wake();
    }

    /**
     * What is wrong with the process at {@code now} (nanoTime) by the deadlines
     * of {@code liveness}, or null; also sends the next {@code ping} when it is due.
     */
    String check(long now, Liveness liveness) {
        if (!ready) {
            return now - startNanos > liveness.readyWithin().toNanos()
                    ? "did not become ready within " + seconds(liveness.readyWithin())
                            + " (does the X server at DISPLAY=" + display + " answer?)" : null;
        }
        long since = input.writingSince();
        if (since != 0 && now - since > liveness.writeWithin().toNanos()) {
            return "stopped reading its input for " + seconds(liveness.writeWithin())
                    + " (stopped, or stuck)";
        }
        if (pingAsked > pongs) {
            return now - pingAskedNanos > liveness.pongWithin().toNanos()
                    ? "did not answer a liveness check within " + seconds(liveness.pongWithin())
                            + " (stopped, or its event thread is stuck)" : null;
        }
        if (now - pongNanos >= liveness.pingEvery().toNanos()) {
            pingAskedNanos = now;
            pingAsked = pongs + 1;
            wake();
        }
        return null;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Kills the process for {@code reason}, logged once as a warning (unless it is being stopped anyway). */
    void fail(String reason) {
        if (failure.compareAndSet(null, reason) && !stopping) {
            LOG.warn("dialog process {} {}; killing it and starting another", pid, reason);
        }
        process.destroyForcibly();
    }

    /** Whether the process is still running. */
    boolean alive() {
        return process.isAlive();
    }

    /** Waits up to {@code millis} for the process to end; true if it has. */
    boolean awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** Its exit code, once it has ended; waits up to 1 s for its error output to be read. */
    int exitCode() throws InterruptedException {
        output.awaitErrors(1000);
        return process.exitValue();
    }

    /**
     * Ends the process: ends its input (it closes its dialogs and exits), and
     * kills it if it has not ended after {@code grace}. Returns within about
     * {@code grace} plus 1 s, whatever the process does.
     */
    void stop(Duration grace) {
        stopping = true;
        input.close();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Acts on one line from the process; false if the process may not say it. */
    private boolean handle(PipeProtocol.Command cmd) {
        if (cmd instanceof PipeProtocol.Ready) {
            if (ready) {
                return false;
            }
            pongNanos = System.nanoTime(); // the first ping is due one interval from now
            ready = true;
            onReady.run();
            wake();
        } else if (cmd instanceof PipeProtocol.Answer a) {
            DialogRequest p = pending.get(a.id());
            if (p != null) {
                p.decision().complete(a.decision());
            }
        } else if (cmd instanceof PipeProtocol.Failed f) {
            DialogRequest p = pending.get(f.id());
            if (p != null) {
                LOG.warn("dialog process {} could not build the dialog of request {}", pid, f.id());
                p.decision().completeExceptionally(new DialogFailedException(
                        "the dialog process could not build the dialog", null));
            }
        } else if (cmd instanceof PipeProtocol.Pong p) {
            if (p.number() > pongs && p.number() <= pingAsked) {
                pongNanos = System.nanoTime();
                pongs = p.number();
            }
        } else {
            return false; // show, close and ping go the other way
        }
        return true;
    }
}
