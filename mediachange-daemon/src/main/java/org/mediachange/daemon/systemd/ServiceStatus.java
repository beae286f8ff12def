package org.mediachange.daemon.systemd;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.mediachange.daemon.health.Health;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.server.AcceptLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps systemd informed while the daemon runs, on a thread of its own: a
 * new {@code STATUS=} line whenever it changes (a request arrives or ends, the
 * oldest one's age passes a minute, the display comes or goes), and, with
 * {@code WatchdogSec=}, {@code WATCHDOG=1} at half the timeout, but only
 * while the daemon is alive: the accept loop has come round within
 * {@link #DEFAULT_STALE_AFTER} (it does every {@link AcceptLoop#TURN_MILLIS}
 * ms even when idle) and the request board answers (reading it for the
 * status line takes its lock, so a board that hangs holds this thread too).
 * A daemon that hangs there stops feeding the watchdog, and systemd restarts it.
 */
public final class ServiceStatus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceStatus.class);

    /** The accept loop counts as hung when it has not come round for this long. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(10);
    /** The status line is looked at least this often (the oldest request's age grows). */
    static final Duration STATUS_EVERY = Duration.ofSeconds(10);
    /** While the accept loop looks hung, how often to look whether it is back. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final SystemdNotifier notifier;
    private final Supplier<Health.Report> health;
    private final AcceptLoop loop;
    private final long staleNanos;
    private final long tickNanos;
    private final long pingEveryNanos;
    private final RequestBoard.Subscription subscription;
    private final Thread thread;
    private final Object signal = new Object();
    private boolean changed; // guarded by signal
    private volatile boolean closed;

    private ServiceStatus(SystemdNotifier notifier, Supplier<Health.Report> health, RequestBoard board,
            AcceptLoop loop, Duration staleAfter) {
        this.notifier = notifier;
        this.health = health;
        this.loop = loop;
        this.staleNanos = staleAfter.toNanos();
        Duration ping = notifier.watchdogTimeout().map(t -> t.dividedBy(2)).orElse(null);
        this.pingEveryNanos = ping == null ? 0 : ping.toNanos();
        this.tickNanos = ping == null ? STATUS_EVERY.toNanos() : Math.min(STATUS_EVERY.toNanos(), ping.toNanos());
        this.subscription = board.subscribe(e -> wake());
        this.thread = new Thread(this::run, "mediachanged-systemd");
        thread.setDaemon(true);
    }

    /**
     * Will tell {@code notifier} how the daemon is ({@code health}) and feed its
     * watchdog while {@code loop} and {@code board} are alive, once {@link #start()}ed.
     */
    public static ServiceStatus create(SystemdNotifier notifier, Supplier<Health.Report> health, RequestBoard board,
            AcceptLoop loop, Duration staleAfter) {
        return new ServiceStatus(notifier, health, board, loop, staleAfter);
    }

    /** Starts the thread: call after {@code READY=1}. */
    public void start() {
        thread.start();
    }

    private void wake() {
        synchronized (signal) {
            changed = true;
            signal.notifyAll();
        }
    }

    private void run() {
        String last = null;
        long nextPing = System.nanoTime();
        boolean stuckLogged = false;
        while (!closed) {
            try {
                String line = StatusLine.of(health.get()); // the board's lock: blocks if the board hangs
                if (!line.equals(last)) {
                    notifier.status(line);
                    last = line;
                }
                long now = System.nanoTime();
                if (pingEveryNanos > 0 && now - nextPing >= 0) {
                    long since = now - loop.lastTurnNanos();
                    if (loop.running() && since <= staleNanos) {
                        notifier.watchdog();
                        nextPing = now + pingEveryNanos;
                        stuckLogged = false;
                    } else {
                        nextPing = now + Math.min(pingEveryNanos, RECHECK.toNanos()); // look again soon
                        if (!stuckLogged) {
                            stuckLogged = true;
                            LOG.error("the accept loop has not come round for {} s: no longer feeding systemd's"
                                    + " watchdog, which will restart the daemon", TimeUnit.NANOSECONDS.toSeconds(since));
                        }
                    }
                }
                await(pingEveryNanos > 0 ? Math.max(1, Math.min(tickNanos, nextPing - System.nanoTime())) : tickNanos);
            } catch (RuntimeException e) {
                LOG.error("telling systemd the daemon's status failed", e);
                await(tickNanos);
            }
        }
    }

    private void await(long nanos) {
        synchronized (signal) {
            if (!changed && !closed) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
            changed = false;
        }
    }

    /** Says {@code STOPPING=1} and stops. */
    @Override
    public void close() {
        closed = true;
        subscription.close();
        synchronized (signal) {
            signal.notifyAll();
        }
        notifier.stopping();
    }
}
