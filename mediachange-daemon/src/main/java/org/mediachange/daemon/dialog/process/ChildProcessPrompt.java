package org.mediachange.daemon.dialog.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.time.Durations;
import org.mediachange.daemon.dialog.DialogHealth;
import org.mediachange.daemon.dialog.KeepWarm;
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
 * to it). The dialog process runs only while it is needed: the first request
 * starts it, and it ends once no dialog has been left to show for the
 * {@link KeepWarm} time ({@code --dialog-keep-warm}; {@link KeepWarm#ALWAYS}
 * starts it with the daemon and keeps it). An idle daemon is one JVM.
 *
 * <p>While it is needed, a supervisor thread keeps one dialog process running
 * whenever the display answers; whenever one becomes ready, every pending
 * request is shown (again). Requests made while no display is available
 * simply wait. A request made while a process starts is shown when it is
 * ready; one made while a process ends for idleness is shown by the next one,
 * started as soon as that one has gone (never two at once).
 *
 * <p>No caller ever waits for the dialog process: {@link #ask} and the
 * withdrawal of a request only change the pending requests, wake the
 * process's writer ({@link DialogProcess}) and, if no supervisor runs, start
 * one. A process that stops reading or answering (stopped, deadlocked, out of
 * memory), never becomes ready, or prints anything outside the protocol is
 * killed and replaced, by the deadlines of {@link Liveness}; the pending
 * requests are shown again.
 */
public final class ChildProcessPrompt implements OperatorPrompt, DialogHealth, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessPrompt.class);

    /** How often to look for the display while it is down. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** Longest pause between restarts of a dialog process that keeps failing. */
    static final Duration MAX_RESTART_PAUSE = Duration.ofSeconds(5);

    private final DialogLauncher launcher;
    private final String display;
    private final Liveness liveness;
    private final KeepWarm keepWarm;
    /** Pending requests by their board id; sorted, so a new dialog process shows the oldest first. */
    private final ConcurrentSkipListMap<Long, DialogRequest> pending = new ConcurrentSkipListMap<>();
    /** When the pending requests last changed (nanoTime): the keep-warm time counts from there. */
    private volatile long lastChange = System.nanoTime();
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
    private volatile boolean waitingLogged;
    private final DialogStarts starts = new DialogStarts();
    /** The last check of the display made while no process was needed (nanoTime, 0 for none), and its result. */
    private volatile long idleProbedAt;
    private volatile boolean idleAnswers;

    private ChildProcessPrompt(DialogLauncher launcher, String display, Liveness liveness, KeepWarm keepWarm) {
        this.launcher = launcher;
        this.display = display;
        this.liveness = liveness;
        this.keepWarm = keepWarm;
    }

    /**
     * Supervises dialog processes run by {@code command}, for the X display {@code display}, started
     * when requests come and kept as {@code keepWarm} says. Returns at once.
     */
    public static ChildProcessPrompt start(List<String> command, String display, KeepWarm keepWarm) {
        return start(DialogLauncher.of(command), display, Liveness.DEFAULT, keepWarm);
    }

    /** As {@link #start(List, String, KeepWarm)}, with a launcher and other deadlines (tests). */
    static ChildProcessPrompt start(DialogLauncher launcher, String display, Liveness liveness, KeepWarm keepWarm) {
        ChildProcessPrompt p = new ChildProcessPrompt(launcher, display, liveness, keepWarm);
        if (keepWarm.always()) {
            p.ensureSupervisor();
        } else {
            // Said once at start (the init script waits for it); probed on a thread of its own, as a
            // display on another host may take a second not to answer.
            DaemonThreads.start("mediachanged-display-probe", p::sayWhereRequestsGo);
        }
        return p;
    }

    private void sayWhereRequestsGo() {
        if (DisplayProbe.reachable(display)) {
            LOG.info("requests will be shown on DISPLAY={}, which answers; the dialog process starts with the first"
                    + " one and ends {} after the last", display, Durations.format(keepWarm.idle()));
        } else if (current == null) {
            logWaiting("no X server answers");
        }
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
        lastChange = System.nanoTime();
        decision.whenComplete((d, ex) -> {
            if (pending.remove(id, shown)) {
                lastChange = System.nanoTime();
            }
            wakeWriter(); // closes its dialog, unless the dialog process is what answered
        });
        ensureSupervisor();
        wakeWriter();
        return decision;
    }

    /** Whether a dialog process is running and ready (for tests and diagnostics). */
    public boolean ready() {
        DialogProcess c = current;
        return c != null && c.ready();
    }

    /** Whether a dialog process is running, ready or not (for tests and diagnostics). */
    boolean running() {
        DialogProcess c = current;
        return c != null && c.alive();
    }

    @Override
    public State state() {
        DialogProcess c = current;
        if (c != null) {
            return c.ready() ? State.READY : State.STARTING;
        }
        if (!supervised()) {
            return State.IDLE;
        }
        return starts.displayReached() ? State.STARTING : State.WAITING_FOR_DISPLAY;
    }

    /**
     * Whether the display answers. While no process is needed nothing watches the display, so it is
     * checked now (at most every {@link #PROBE_INTERVAL}): an idle daemon whose display has gone
     * could not show the next request.
     */
    @Override
    public boolean displayAnswers() {
        if (ready()) {
            return true;
        }
        return supervised() ? starts.displayReached() : probeWhileIdle();
    }

    @Override
    public Tally starts() {
        return starts.starts();
    }

    @Override
    public String display() {
        return display;
    }

    private boolean probeWhileIdle() {
        long now = System.nanoTime();
        if (idleProbedAt == 0 || now - idleProbedAt >= PROBE_INTERVAL.toNanos()) {
            idleAnswers = DisplayProbe.reachable(display);
            idleProbedAt = now == 0 ? 1 : now;
        }
        return idleAnswers;
    }

    private boolean supervised() {
        synchronized (lock) {
            return supervisor != null;
        }
    }

    private void wakeWriter() {
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
    private void ensureSupervisor() {
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
     * under the lock that {@link #ensureSupervisor} takes after adding a request, so a request
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
                    logWaiting("no X server answers");
                    sleep(PROBE_INTERVAL);
                    continue;
                }
                ProcessEnd end = runChild();
                if (closed || end == null) {
                    break;
                }
                launcher.ended(end.clean());
                if (end.idle()) {
                    starts.ended(StartCause.IDLE);
                    pause = PROBE_INTERVAL;
                    continue; // a request that came meanwhile starts the next one at once
                }
                if (end.failure() != null) {
                    LOG.debug("dialog process killed: {}", end.failure()); // logged as a warning when killed
                    starts.ended(StartCause.KILLED);
                } else if (end.exitCode() == PipeProtocol.EXIT_NO_DISPLAY) {
                    starts.ended(StartCause.DISPLAY);
                    logWaiting(end.lastError());
                } else if (needed()) {
                    starts.ended(StartCause.EXITED);
                    LOG.warn("dialog process ended (exit code {}{}); restarting it", end.exitCode(),
                            end.lastError().isEmpty() ? "" : ", last said: " + end.lastError());
                } else {
                    starts.ended(StartCause.EXITED);
                    LOG.info("dialog process ended (exit code {}{}) with no request pending", end.exitCode(),
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
            if (needed()) {
                sleep(pause);
            }
        }
    }

    /**
     * How one dialog process ended.
     *
     * @param idle whether the supervisor ended it because no dialog was left for the keep-warm time
     */
    private record ProcessEnd(int exitCode, boolean wasReady, String failure, String lastError, boolean idle) {

        /** Ended because it was told to, and exited 0: what it loaded is what a dialog loads. */
        boolean clean() {
            return failure == null && exitCode == 0 && wasReady;
        }
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
                child = DialogProcess.start(launch, display, pending, this::becameReady);
            } catch (IOException e) {
                LOG.error("cannot start the dialog process {}: {}", launch.get(0), e.toString());
                return new ProcessEnd(-1, false, null, "", false);
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
                } else if (idleFor(keepWarm)) {
                    LOG.info("dialog process {} ends: no dialog to show for {} (--dialog-keep-warm); the next"
                            + " request starts another", child.pid(), Durations.format(keepWarm.idle()));
                    child.stop(liveness.closeWithin());
                    boolean ended = child.awaitExit(1000);
                    return new ProcessEnd(ended ? child.exitCode() : -1, child.ready(), null, child.lastError(), true);
                }
            }
            return new ProcessEnd(child.exitCode(), child.ready(), child.failure(), child.lastError(), false);
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
    private boolean idleFor(KeepWarm k) {
        if (k.always()) {
            return false;
        }
        synchronized (lock) {
            return pending.isEmpty() && System.nanoTime() - lastChange >= k.idle().toNanos();
        }
    }

    /** How often to check the deadlines: a quarter of the shortest, between 50 and 500 ms. */
    private long tickMillis() {
        long shortest = List.of(liveness.readyWithin(), liveness.pingEvery(), liveness.pongWithin(),
                liveness.writeWithin(), keepWarm.idle()).stream().mapToLong(Duration::toMillis).min().orElse(1000);
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
        synchronized (lock) {
            closed = true;
            c = current;
        }
        if (c != null) {
            c.stop(liveness.closeWithin());
        }
    }
}
