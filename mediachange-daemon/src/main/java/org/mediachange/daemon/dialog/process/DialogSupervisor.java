package org.mediachange.daemon.dialog.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.daemon.dialog.DialogHealth.StartCause;
import org.mediachange.daemon.dialog.KeepWarm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor thread of {@link ChildProcessPrompt}: while a dialog process
 * is needed (requests are pending, or {@link KeepWarm#ALWAYS}), it keeps one
 * running whenever the display answers, never two at once. It restarts one
 * that ends, at once if it had worked and ever slower if it keeps failing;
 * kills one that misses a deadline of {@link Liveness}; ends one that has had
 * no dialog for the keep-warm time; and then ends itself, until the next
 * request starts another. Logged under {@link ChildProcessPrompt}'s name, as
 * the operator knows these lines by it.
 */
final class DialogSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessPrompt.class);

    /** How often to look for the display while it is down. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** Longest pause between restarts of a dialog process that keeps failing. */
    static final Duration MAX_RESTART_PAUSE = Duration.ofSeconds(5);

    private final DialogLauncher launcher;
    private final String display;
    private final Liveness liveness;
    private final KeepWarm keepWarm;
    private final PendingDialogs pending;
    private final DisplayNotices notices;
    private final DialogStarts starts = new DialogStarts();
    private final ProcessWatch watch;
    /**
     * Held to start or retire the supervisor, to start a process or swap {@link #current}, and to
     * decide that a process ends for idleness: never while talking to a process.
     */
    private final Object lock = new Object();
    /** The running dialog process, or null; written under {@link #lock}. */
    private volatile DialogProcess current;
    /** The supervisor thread, or null while no process is needed; written under {@link #lock}. */
    private Thread supervisor;
    private volatile boolean closed;

    DialogSupervisor(DialogLauncher launcher, String display, Liveness liveness, KeepWarm keepWarm,
            PendingDialogs pending, DisplayNotices notices) {
        this.launcher = launcher;
        this.display = display;
        this.liveness = liveness;
        this.keepWarm = keepWarm;
        this.pending = pending;
        this.notices = notices;
        this.watch = new ProcessWatch(liveness, keepWarm, () -> closed, this::idle);
    }

    /** The running dialog process, ready or not, or null. */
    DialogProcess current() {
        return current;
    }

    /** What the supervisor tells about the display and the processes it started. */
    DialogStarts starts() {
        return starts;
    }

    /** Whether a supervisor thread runs: a dialog process is needed. */
    boolean supervised() {
        synchronized (lock) {
            return supervisor != null;
        }
    }

    /** The pending requests changed: brings the running process in line. Never blocks. */
    void wakeWriter() {
        DialogProcess c = current;
        if (c != null) {
            c.wake(); // never blocks; without a process, requests are shown when the next one is ready
        }
    }

    /** Whether a dialog process should run: requests are pending, or it is kept always. */
    private boolean needed() {
        return keepWarm.always() || !pending.isEmpty();
    }

    /** Starts a supervisor unless one runs (or the prompt is closed). */
    void ensureRunning() {
        synchronized (lock) {
            if (supervisor == null && !closed) {
                startSupervisor(Duration.ZERO);
            }
        }
    }

    /**
     * Starts the supervisor thread (under {@link #lock}). It also starts every dialog
     * process: the kernel's parent-death signal ({@link ParentDeathSignal}) follows that
     * thread, which therefore ends only after its process has.
     */
    private void startSupervisor(Duration firstPause) {
        Thread t = DaemonThreads.of("mediachanged-dialogs", () -> supervise(firstPause));
        // A last resort: supervise() catches everything, but if even that fails, supervision goes on.
        t.setUncaughtExceptionHandler((dead, e) -> {
            LOG.error("the supervisor of the dialog process died; starting it again", e);
            synchronized (lock) {
                if (supervisor == dead && !closed) {
                    startSupervisor(MAX_RESTART_PAUSE);
                }
            }
        });
        supervisor = t;
        t.start();
    }

    /**
     * Ends this supervisor if no process is needed any more: true if it should return. Decided
     * under the lock that {@link #ensureRunning} takes after adding a request, so a request
     * either keeps this supervisor going or starts the next one.
     */
    private boolean retire() {
        synchronized (lock) {
            if (closed) {
                return true;
            }
            if (!needed() && supervisor == Thread.currentThread()) {
                supervisor = null;
                return true;
            }
            return false;
        }
    }

    private void supervise(Duration firstPause) {
        sleep(firstPause);
        Duration pause = PROBE_INTERVAL;
        while (!retire()) {
            try {
                boolean reached = DisplayProbe.reachable(display);
                starts.probed(reached);
                if (!reached) {
                    notices.waiting("no X server answers");
                    sleep(PROBE_INTERVAL);
                    continue;
                }
                ProcessEnd end = runChild();
                if (closed || end == null) {
                    break;
                }
                launcher.ended(end.clean());
                starts.ended(end.cause());
                if (end.idle()) {
                    pause = PROBE_INTERVAL;
                    continue; // a request that came meanwhile starts the next one at once
                }
                report(end);
                pause = end.pauseAfter(pause);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                LOG.debug("supervisor interrupted: {}", e.toString());
            } catch (RuntimeException | Error e) {
                // Whatever happens here, the daemon keeps a dialog process: kill this one, try again.
                LOG.error("supervising the dialog process failed; starting another", e);
                starts.ended(StartCause.KILLED);
                DialogProcess c = current;
                if (c != null) {
                    c.fail("was left by a failed supervisor");
                }
                pause = MAX_RESTART_PAUSE;
            }
            if (needed()) {
                sleep(pause);
            }
        }
    }

    /** Logs how a process that was not ended for idleness ended. */
    private void report(ProcessEnd end) {
        if (end.failure() != null) {
            LOG.debug("dialog process killed: {}", end.failure()); // logged as a warning when killed
        } else if (end.cause() == StartCause.DISPLAY) {
            notices.waiting(end.lastError());
        } else if (needed()) {
            LOG.warn("dialog process ended (exit code {}{}); restarting it", end.exitCode(),
                    end.lastError().isEmpty() ? "" : ", last said: " + end.lastError());
        } else {
            LOG.info("dialog process ended (exit code {}{}) with no request pending", end.exitCode(),
                    end.lastError().isEmpty() ? "" : ", last said: " + end.lastError());
        }
    }

    /**
     * Runs one dialog process until it ends, killing it when it misses a deadline and ending
     * it when it has had no dialog for the keep-warm time; null if the prompt was closed meanwhile.
     */
    private ProcessEnd runChild() throws InterruptedException {
        List<String> launch = ParentDeathSignal.wrap(launcher.command(keepWarm.always() && pending.isEmpty()));
        DialogProcess child;
        synchronized (lock) {
            if (closed) {
                return null;
            }
            try {
                child = DialogProcess.start(launch, display, pending.view(), notices::ready);
            } catch (IOException e) {
                LOG.error("cannot start the dialog process {}: {}", launch.get(0), e.toString());
                return ProcessEnd.NOT_STARTED;
            }
            starts.started();
            current = child;
        }
        try {
            return watch.until(child);
        } finally {
            if (!closed && child.alive()) {
                child.fail("was left behind by its supervisor"); // never two dialog processes at once
            }
            synchronized (lock) {
                if (current == child) {
                    current = null;
                }
            }
        }
    }

    /**
     * Whether the process is to end for idleness: nothing pending for the keep-warm time. Decided
     * under {@link #lock}, so that a request made from now on finds this supervisor still running
     * and is shown by the process it starts next.
     */
    private boolean idle() {
        synchronized (lock) {
            return pending.emptyFor(keepWarm.idle());
        }
    }

    private void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the dialog process (closing its dialogs) and the supervisor; see {@link ChildProcessPrompt#close}.
     * The supervisor thread is not interrupted: it stays until its process has ended, then ends by itself.
     */
    void close() {
        DialogProcess c;
        synchronized (lock) {
            closed = true;
            c = current;
        }
        if (c != null) {
            c.stop(liveness.closeWithin());
        }
    }
}
