package org.mediachange.daemon.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.text.Escaper;
import org.mediachange.common.time.Durations;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.requests.ClosedRequest;
import org.mediachange.daemon.requests.PendingRequest;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.requests.RequestEvent;
import org.mediachange.daemon.tally.Tally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people elsewhere about requests by running the notify commands: for
 * each request and each command, {@code new} once the request has waited the
 * command's {@code after}, {@code reminder} every {@code every} after that
 * while it still waits, and {@code closed} when it ends, but only if
 * {@code new} was run (a request answered before {@code after} passed costs
 * nobody a notification). The runs of one command about one request happen in
 * that order, one after the other; all else runs side by side, within the
 * bounds of {@link CommandRunner}.
 *
 * <p>A command that announced a request leaves its mark on it
 * ({@link NotifyCommand#mark()}), which the board saves: when the request's
 * client sends it again after a restart, there is no second {@code new}, and
 * the reminders go on at their times; {@code closed} comes once, when it ends.
 *
 * <p>The notifier is one more listener of the {@link RequestBoard}: it only
 * hands events to its own timer thread, which does the bookkeeping, so
 * nothing here can delay or change an answer.
 */
public final class Notifier implements AutoCloseable {

    /** Name of the logger of notify runs, one line per run. */
    public static final String LOGGER_NAME = "mediachange.notify";
    /**
     * At shutdown, runs going or waiting get this long to finish before they are
     * killed: short, since the whole daemon should be gone within 5 s of SIGTERM.
     */
    public static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private final NotifyConfig config;
    private final RequestBoard board;
    private final AnswerUrls links;
    private final Map<String, String> environment;
    private final ScheduledThreadPoolExecutor timer;
    private final CommandRunner runner;
    /** The requests being notified about; only the timer thread touches it. */
    private final Map<Long, Tracked> tracked = new HashMap<>();
    /** Set and cleared on the timer thread. */
    private RequestBoard.Subscription subscription;

    /** One request and, per command, where its notifications stand. */
    private record Tracked(RequestInfo info, List<Track> tracks) {
    }

    /** One command's notifications about one request; only the timer thread touches it. */
    private static final class Track {
        final NotifyCommand command;
        /** The held-back {@code new} or the reminders; cancelled when the request ends. */
        Future<?> next;
        /** Whether {@code new} was run, so {@code closed} is due. */
        boolean announced;
        /** The previous run's end: the next one starts after it. */
        CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

        Track(NotifyCommand command) {
            this.command = command;
        }
    }

    private Notifier(NotifyConfig config, RequestBoard board, AnswerUrls links, Map<String, String> environment) {
        this.config = config;
        this.board = board;
        this.links = links;
        this.environment = Map.copyOf(environment);
        this.timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("mediachanged-notify-timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.runner = new CommandRunner(config);
    }

    /**
     * Starts notifying about the requests on {@code board} (those pending now
     * too), with the daemon's environment as the base of the commands'.
     */
    public static Notifier start(NotifyConfig config, RequestBoard board, AnswerUrls links) {
        return start(config, board, links, System.getenv());
    }

    /** As {@link #start(NotifyConfig, RequestBoard, AnswerUrls)}, on another base environment (tests). */
    public static Notifier start(NotifyConfig config, RequestBoard board, AnswerUrls links,
            Map<String, String> environment) {
        Notifier n = new Notifier(config, board, links, environment);
        if (!config.commands().isEmpty()) {
            for (NotifyCommand c : config.commands()) {
                LOG.info("notify command {}: first run after {}, {}", Escaper.forLog(c.program()),
                        Durations.format(c.after()), c.every().isZero() ? "no reminders"
                                : "then every " + Durations.format(c.every()));
            }
            NotifyEnvironment.charsetWarning(NotifyEnvironment.charset()).ifPresent(w -> LOG.warn("{}", w));
            // Subscribing on the timer thread puts every later event in the timer's queue behind the
            // handling of the view, so the two are seen in order; waiting for it means that a request
            // opened once start has returned is seen as an event, however soon it ends.
            try {
                n.timer.submit(n::subscribe).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while subscribing the notifier", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("subscribing the notifier failed", e.getCause());
            }
        }
        return n;
    }

    private void subscribe() {
        subscription = board.subscribe(this::enqueue);
        for (RequestInfo info : subscription.view().pending()) {
            opened(info, board.pending(info.id()).map(PendingRequest::marks).orElse(Set.of()));
        }
    }

    /** The board's listener: runs under the board's lock, so it only queues. */
    private void enqueue(RequestEvent event) {
        try {
            timer.execute(() -> on(event));
        } catch (RejectedExecutionException e) {
            LOG.debug("request {}: event after stop, ignored", event.id());
        }
    }

    private void on(RequestEvent event) {
        try {
            if (event instanceof RequestEvent.Opened o) {
                opened(o.info(), o.marks());
            } else if (event instanceof RequestEvent.Closed c) {
                closed(c.request());
            }
        } catch (RuntimeException e) {
            LOG.error("request {}: notifying failed", event.id(), e);
        }
    }

    /**
     * Starts the notifications about a request: {@code new} once it has waited a command's
     * {@code after}, counted from its arrival (so that a request that outlived a restart is not
     * held back again); for a command that announced it before a restart (its mark is on the
     * request), no second {@code new}, and the reminders go on where they were.
     */
    private void opened(RequestInfo info, Set<String> marks) {
        Tracked t = new Tracked(info, new ArrayList<>());
        tracked.put(info.id(), t);
        long waited = Math.max(0, Duration.between(info.received(), board.now()).toNanos());
        for (NotifyCommand c : config.commands()) {
            Track k = new Track(c);
            t.tracks().add(k);
            long after = c.after().toNanos();
            if (marks.contains(c.mark())) {
                k.announced = true;
                long every = c.every().toNanos();
                if (every > 0) {
                    long sinceFirst = Math.max(0, waited - after);
                    remindEvery(t, k, every - sinceFirst % every);
                }
            } else if (waited >= after) {
                announce(t, k);
            } else {
                k.next = timer.schedule(() -> guarded(t, () -> announce(t, k)), after - waited, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void announce(Tracked t, Track k) {
        k.announced = true;
        board.mark(t.info().id(), k.command.mark());
        run(t, k, NotifyEvent.NEW, null, board.now());
        long every = k.command.every().toNanos();
        if (every > 0) {
            remindEvery(t, k, every);
        }
    }

    private void remindEvery(Tracked t, Track k, long firstNanos) {
        long every = k.command.every().toNanos();
        k.next = timer.scheduleAtFixedRate(() -> guarded(t, () -> remind(t, k)), firstNanos, every,
                TimeUnit.NANOSECONDS);
    }

    /**
     * A reminder, unless the command's previous run about this request is still
     * going or waiting: a command that hangs longer than the interval would
     * otherwise pile up runs for as long as the request waits.
     */
    private void remind(Tracked t, Track k) {
        if (!k.last.isDone()) {
            LOG.warn("request {} reminder: {} not run: its previous run is not over", t.info().id(),
                    Escaper.forLog(k.command.program()));
            return;
        }
        run(t, k, NotifyEvent.REMINDER, null, board.now());
    }

    private void closed(ClosedRequest c) {
        Tracked t = tracked.remove(c.id());
        if (t == null) {
            // Announced before a restart, and ended without its client coming back: closed is still due.
            t = new Tracked(c.info(), new ArrayList<>());
            for (NotifyCommand command : config.commands()) {
                if (c.marks().contains(command.mark())) {
                    Track k = new Track(command);
                    k.announced = true;
                    t.tracks().add(k);
                }
            }
        }
        for (Track k : t.tracks()) {
            if (k.next != null) {
                k.next.cancel(false);
            }
            if (k.announced) {
                run(t, k, NotifyEvent.CLOSED, c.outcome(), c.closed());
            }
        }
    }

    /** Queues one run of {@code k}'s command behind its previous one about the same request. */
    private void run(Tracked t, Track k, NotifyEvent event, String outcome, Instant at) {
        long age = Duration.between(t.info().received(), at).toSeconds();
        CommandRunner.Run run = new CommandRunner.Run("request " + t.info().id() + " " + event.word(),
                k.command.argv(), NotifyEnvironment.of(environment, event, t.info(), age, outcome, links));
        k.last = k.last.thenCompose(v -> runner.submit(run));
    }

    /** A scheduled task that must not die silently (a periodic one would never run again). */
    private static void guarded(Tracked t, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("request {}: notifying failed", t.info().id(), e);
        }
    }

    /**
     * The notify runs so far, by event ({@code new}, {@code reminder},
     * {@code closed}) and result ({@code ok}, {@code failed}, {@code killed},
     * {@code not-started}, {@code dropped}).
     */
    public Tally runs() {
        return runner.runs();
    }

    /**
     * Stops: no more events are taken, reminders and held-back notifications
     * are dropped, runs already due (such as {@code closed} for the requests
     * that shutdown ended) get {@link #STOP_GRACE}, then the rest are killed.
     */
    @Override
    public void close() {
        if (config.commands().isEmpty()) {
            return;
        }
        try {
            timer.execute(() -> {
                if (subscription != null) {
                    subscription.close();
                }
            });
        } catch (RejectedExecutionException e) {
            return; // closed before
        }
        timer.shutdown();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.close(STOP_GRACE);
    }
}
