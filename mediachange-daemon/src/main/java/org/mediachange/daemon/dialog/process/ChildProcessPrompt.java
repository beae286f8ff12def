package org.mediachange.daemon.dialog.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.daemon.dialog.DialogHealth;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.tally.Tally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows requests through a separate dialog process ({@link PipeProtocol#MAIN_CLASS}),
 * so that the daemon does not depend on the X server: it starts before X is
 * up, and survives the X server going away (which ends any process connected
 * to it). A supervisor thread keeps one dialog process running whenever the
 * display answers; whenever one becomes ready, every pending request is shown
 * (again). Requests made while no display is available simply wait.
 *
 * <p>No caller ever waits for the dialog process: {@link #ask} and the
 * withdrawal of a request only change the pending requests and wake the
 * process's writer ({@link DialogProcess}). A process that stops reading or
 * answering (stopped, deadlocked, out of memory), never becomes ready, or
 * prints anything outside the protocol is killed and replaced, by the
 * deadlines of {@link Liveness}; the pending requests are shown again.
 */
public final class ChildProcessPrompt implements OperatorPrompt, DialogHealth, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessPrompt.class);

    /** How often to look for the display while it is down. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** Longest pause between restarts of a dialog process that keeps failing. */
    static final Duration MAX_RESTART_PAUSE = Duration.ofSeconds(5);

    private final List<String> command;
    private final String display;
    private final Liveness liveness;
    /** Pending requests by their board id; sorted, so a new dialog process shows the oldest first. */
    private final ConcurrentSkipListMap<Long, DialogRequest> pending = new ConcurrentSkipListMap<>();
    /** Held only to start a process or to swap {@link #current}: never while talking to one. */
    private final Object spawnLock = new Object();
    /** The running dialog process, or null; written under {@link #spawnLock}. */
    private volatile DialogProcess current;
    private volatile boolean closed;
    private volatile boolean waitingLogged;
    private volatile Thread supervisor;
    private final DialogStarts starts = new DialogStarts();

    private ChildProcessPrompt(List<String> command, String display, Liveness liveness) {
        this.command = List.copyOf(command);
        this.display = display;
        this.liveness = liveness;
    }

    /**
     * Starts supervising dialog processes run by {@code command}, for the X display {@code display}.
     * Returns at once; requests wait until a dialog process is ready.
     */
    public static ChildProcessPrompt start(List<String> command, String display) {
        return start(command, display, Liveness.DEFAULT);
    }

    /** As {@link #start(List, String)}, with other deadlines (tests). */
    static ChildProcessPrompt start(List<String> command, String display, Liveness liveness) {
        ChildProcessPrompt p = new ChildProcessPrompt(command, display, liveness);
        p.startSupervisor(Duration.ZERO);
        return p;
    }

    /**
     * Shows {@code request} under its board id, which must be new (every log line of the dialog
     * process names the request by it).
     */
    @Override
    public CompletableFuture<Decision> ask(RequestInfo request) {
        long id = request.id();
        CompletableFuture<Decision> decision = new CompletableFuture<>();
        DialogRequest shown = new DialogRequest(request, decision);
        if (pending.putIfAbsent(id, shown) != null) {
            throw new IllegalArgumentException("request " + id + " is already shown");
        }
        decision.whenComplete((d, ex) -> {
            pending.remove(id, shown);
            wakeWriter(); // closes its dialog, unless the dialog process is what answered
        });
        wakeWriter();
        return decision;
    }

    /** Whether a dialog process is running and ready (for tests and diagnostics). */
    public boolean ready() {
        DialogProcess c = current;
        return c != null && c.ready();
    }

    @Override
    public State state() {
        DialogProcess c = current;
        if (c != null) {
            return c.ready() ? State.READY : State.STARTING;
        }
        return starts.displayReached() ? State.STARTING : State.WAITING_FOR_DISPLAY;
    }

    @Override
    public boolean displayAnswers() {
        return ready() || starts.displayReached();
    }

    @Override
    public Tally starts() {
        return starts.starts();
    }

    @Override
    public String display() {
        return display;
    }

    private void wakeWriter() {
        DialogProcess c = current;
        if (c != null) {
            c.wake(); // never blocks; without a process, requests are shown when the next one is ready
        }
    }

    /**
     * Starts the supervisor thread. It also starts every dialog process: the
     * kernel's parent-death signal ({@link ParentDeathSignal}) follows that thread.
     */
    private void startSupervisor(Duration firstPause) {
        Thread t = DaemonThreads.of("mediachanged-dialogs", () -> supervise(firstPause));
        // A last resort: supervise() catches everything, but if even that fails, supervision goes on.
        t.setUncaughtExceptionHandler((dead, e) -> {
            if (!closed) {
                LOG.error("the supervisor of the dialog process died; starting it again", e);
                startSupervisor(MAX_RESTART_PAUSE);
            }
        });
        supervisor = t;
        t.start();
    }

    private void supervise(Duration firstPause) {
        sleep(firstPause);
        Duration pause = PROBE_INTERVAL;
        while (!closed) {
            try {
                boolean reached = DisplayProbe.reachable(display);
                starts.probed(reached);
                if (!reached) {
                    logWaiting("no X server answers");
                    sleep(PROBE_INTERVAL);
                    continue;
                }
                ChildEnd end = runChild();
                if (closed || end == null) {
                    break;
                }
                if (end.failure() != null) {
                    LOG.debug("dialog process killed: {}", end.failure()); // logged as a warning when killed
                    starts.ended(StartCause.KILLED);
                } else if (end.exitCode() == PipeProtocol.EXIT_NO_DISPLAY) {
                    starts.ended(StartCause.DISPLAY);
                    logWaiting(end.lastError());
                } else {
                    starts.ended(StartCause.EXITED);
                    LOG.warn("dialog process ended (exit code {}{}); restarting it", end.exitCode(),
                            end.lastError().isEmpty() ? "" : ", last said: " + end.lastError());
                }
                // A process that worked until it ended is restarted at once; one that keeps failing or
                // being killed (say, for a dialog that hangs every process that shows it), ever slower.
                pause = end.wasReady() && end.failure() == null ? PROBE_INTERVAL
                        : min(pause.multipliedBy(2), MAX_RESTART_PAUSE);
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
            sleep(pause);
        }
    }

    private record ChildEnd(int exitCode, boolean wasReady, String failure, String lastError) {
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void logWaiting(String why) {
        if (!waitingLogged) {
            waitingLogged = true;
            LOG.warn("waiting for the display DISPLAY={} ({}); {} pending request(s) will be shown when it opens",
                    display, why, pending.size());
        }
    }

    /**
     * Runs one dialog process until it ends, killing it when it misses a
     * deadline; null if the prompt was closed meanwhile.
     */
    private ChildEnd runChild() throws InterruptedException {
        List<String> launch = ParentDeathSignal.wrap(command);
        DialogProcess child;
        synchronized (spawnLock) {
            if (closed) {
                return null;
            }
            try {
                child = DialogProcess.start(launch, display, pending, this::becameReady);
            } catch (IOException e) {
                LOG.error("cannot start the dialog process {}: {}", command.get(0), e.toString());
                return new ChildEnd(-1, false, null, "");
            }
            starts.started();
            current = child;
        }
        try {
            long tick = tickMillis();
            while (!child.awaitExit(tick)) {
                if (closed) {
                    // close() ends it. Stay until it has: the kernel kills it when this thread ends.
                    child.awaitExit(liveness.closeWithin().toMillis() + 2000);
                    return null;
                }
                String problem = child.check(System.nanoTime(), liveness);
                if (problem != null) {
                    child.fail(problem);
                }
            }
            return new ChildEnd(child.exitCode(), child.ready(), child.failure(), child.lastError());
        } finally {
            if (!closed && child.alive()) {
                child.fail("was left behind by its supervisor"); // never two dialog processes at once
            }
            synchronized (spawnLock) {
                if (current == child) {
                    current = null;
                }
            }
        }
    }

    /** How often to check the deadlines: a quarter of the shortest, between 50 and 500 ms. */
    private long tickMillis() {
        long shortest = List.of(liveness.readyWithin(), liveness.pingEvery(), liveness.pongWithin(),
                liveness.writeWithin()).stream().mapToLong(Duration::toMillis).min().orElse(1000);
        return Math.max(50, Math.min(500, shortest / 4));
    }

    private void becameReady() {
        if (waitingLogged) {
            LOG.info("display DISPLAY={} is available again; showing {} pending request(s)", display, pending.size());
            waitingLogged = false;
        } else {
            LOG.info("showing requests on DISPLAY={} ({} pending)", display, pending.size());
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
     * Stops the dialog process (closing its dialogs) and the supervisor.
     * Returns within about {@link Liveness#closeWithin()} plus 1 s, whatever
     * the dialog process does: one that does not end by itself is killed. The
     * supervisor is not interrupted: it started the process, so its end would
     * kill the process at once (see {@link ParentDeathSignal}); it stays until
     * the process has ended, then ends by itself.
     */
    @Override
    public void close() {
        DialogProcess c;
        synchronized (spawnLock) {
            closed = true;
            c = current;
        }
        if (c != null) {
            c.stop(liveness.closeWithin());
        }
    }
}
