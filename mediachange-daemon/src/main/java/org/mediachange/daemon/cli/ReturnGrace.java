package org.mediachange.daemon.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.time.Durations;
import org.mediachange.daemon.audit.AuditEntry;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.requests.WaitingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the requests that waited when the daemon last stopped wait for
 * their clients to send them again: {@link #GRACE} from the start. mediachangec
 * tries at least every 5 s, so it is back within seconds of the daemon
 * listening; a client that does not come back (the original Perl client and
 * {@code nc} never do, and a backup may have been stopped meanwhile) has its
 * request end then, as {@code withdrawn}, with one audit line that says it
 * outlived a restart.
 */
final class ReturnGrace implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReturnGrace.class);

    /** How long after the start a request from before it waits for its client. */
    static final Duration GRACE = Duration.ofMinutes(10);

    private final RequestBoard board;
    private final AuditLog audit;
    private final ScheduledExecutorService timer;

    private ReturnGrace(RequestBoard board, AuditLog audit, ScheduledExecutorService timer) {
        this.board = board;
        this.audit = audit;
        this.timer = timer;
    }

    /** Gives the requests waiting for their clients on {@code board} {@code grace} to come back. */
    static ReturnGrace start(RequestBoard board, AuditLog audit, Duration grace) {
        List<WaitingRequest> waiting = board.returning();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                DaemonThreads.named("mediachanged-return-grace"));
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        ReturnGrace g = new ReturnGrace(board, audit, timer);
        if (!waiting.isEmpty()) {
            LOG.info("{} request(s) waiting when the daemon stopped wait {} for their clients to send them again: {}",
                    waiting.size(), Durations.format(grace), ids(waiting));
            timer.schedule(g::giveUp, grace.toNanos(), TimeUnit.NANOSECONDS);
        }
        return g;
    }

    /** Ends the requests whose clients did not come back, each with its audit line. */
    void giveUp() {
        List<WaitingRequest> gone = board.endReturning();
        if (gone.isEmpty()) {
            return;
        }
        LOG.info("{} request(s) from before the restart ended: their clients did not send them again: {}",
                gone.size(), ids(gone));
        for (WaitingRequest w : gone) {
            RequestInfo i = w.info();
            double seconds = Duration.between(i.received(), board.now()).toNanos() / 1e9;
            audit.record(AuditEntry.of(i, Ending.WITHDRAWN, true, address(i.peer(), w.port()), seconds));
        }
    }

    private static InetSocketAddress address(String peer, int port) {
        try {
            // The state file holds address literals only (checked when read): no DNS here.
            return new InetSocketAddress(InetAddress.getByName(peer), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + peer, e);
        }
    }

    private static String ids(List<WaitingRequest> requests) {
        return requests.stream().map(w -> "request " + w.info().id()).collect(Collectors.joining(", "));
    }

    /** Stops waiting: what still waits is saved as it is, for the next start. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
