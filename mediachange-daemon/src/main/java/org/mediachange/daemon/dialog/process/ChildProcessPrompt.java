package org.mediachange.daemon.dialog.process;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.daemon.dialog.DialogHealth;
import org.mediachange.daemon.dialog.KeepWarm;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.tally.Tally;

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
 *
 * <p>This class is the face the daemon sees; the work is done by the
 * {@link PendingDialogs}, the {@link DialogSupervisor} (with its
 * {@link ProcessWatch}), {@link DisplayNotices} for the log lines about the
 * display, and an {@link IdleDisplayProbe} for {@link #displayAnswers()}.
 */
public final class ChildProcessPrompt implements OperatorPrompt, DialogHealth, AutoCloseable {

    private final String display;
    private final KeepWarm keepWarm;
    private final PendingDialogs pending = new PendingDialogs();
    private final DisplayNotices notices;
    private final DialogSupervisor supervisor;
    private final IdleDisplayProbe idleProbe;

    private ChildProcessPrompt(DialogLauncher launcher, String display, Liveness liveness, KeepWarm keepWarm) {
        this.display = display;
        this.keepWarm = keepWarm;
        this.notices = new DisplayNotices(display, pending);
        this.supervisor = new DialogSupervisor(launcher, display, liveness, keepWarm, pending, notices);
        this.idleProbe = new IdleDisplayProbe(display, DialogSupervisor.PROBE_INTERVAL);
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
            p.supervisor.ensureRunning();
        } else {
            // Said once at start (the init script waits for it); probed on a thread of its own, as a
            // display on another host may take a second not to answer.
            DaemonThreads.start("mediachanged-display-probe", p::sayWhereRequestsGo);
        }
        return p;
    }

    private void sayWhereRequestsGo() {
        if (DisplayProbe.reachable(display)) {
            notices.answersAtStart(keepWarm.idle());
        } else if (supervisor.current() == null) {
            notices.waiting("no X server answers");
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
        if (!pending.add(id, shown)) {
            throw new IllegalArgumentException("request " + id + " is already shown");
        }
        decision.whenComplete((d, ex) -> {
            pending.remove(id, shown);
            supervisor.wakeWriter(); // closes its dialog, unless the dialog process is what answered
        });
        supervisor.ensureRunning();
        supervisor.wakeWriter();
        return decision;
    }

    /** Whether a dialog process is running and ready (for tests and diagnostics). */
    public boolean ready() {
        DialogProcess c = supervisor.current();
        return c != null && c.ready();
    }

    /** Whether a dialog process is running, ready or not (for tests and diagnostics). */
    boolean running() {
        DialogProcess c = supervisor.current();
        return c != null && c.alive();
    }

    @Override
    public State state() {
        DialogProcess c = supervisor.current();
        if (c != null) {
            return c.ready() ? State.READY : State.STARTING;
        }
        if (!supervisor.supervised()) {
            return State.IDLE;
        }
        return supervisor.starts().displayReached() ? State.STARTING : State.WAITING_FOR_DISPLAY;
    }

    /**
     * Whether the display answers. While no process is needed nothing watches the display, so it is
     * checked now (at most every {@link DialogSupervisor#PROBE_INTERVAL}): an idle daemon whose
     * display has gone could not show the next request.
     */
    @Override
    public boolean displayAnswers() {
        if (ready()) {
            return true;
        }
        return supervisor.supervised() ? supervisor.starts().displayReached() : idleProbe.answers();
    }

    @Override
    public Tally starts() {
        return supervisor.starts().starts();
    }

    @Override
    public String display() {
        return display;
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
        supervisor.close();
    }
}
