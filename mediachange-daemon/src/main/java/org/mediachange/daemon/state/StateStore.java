package org.mediachange.daemon.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.daemon.requests.BoardStorage;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.requests.SavedBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what must outlive the daemon in its state file ({@link StateFile}):
 * the ids, the waiting requests and the recently ended ones, so that a
 * restart, an upgrade, a crash or a reboot neither reuses an id nor forgets a
 * request (docs/OPERATIONS.md, "Restarts and upgrades").
 *
 * <p>Off the request path: the board only says that it changed
 * ({@link #changed()}, which never blocks), and one writer thread writes its
 * latest {@link RequestBoard#saved() state} at most every
 * {@value #MIN_INTERVAL_MILLIS} ms, so that a burst of requests is one write,
 * not one per request. Ids are reserved on disk ahead of use,
 * {@value #ID_BLOCK} at a time (two seconds' worth under a flood): the next
 * reservation is asked for when half of one is used, and a handler waits for
 * the disk only if a burst uses up the rest before it is written.
 */
public final class StateStore implements BoardStorage, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

    /**
     * Ids reserved on disk ahead of use, at the least; after a crash, ids go on above the
     * reservation. Under a flood, two seconds' worth of ids, so that reserving does not mean
     * writing the file many times a second.
     */
    public static final int ID_BLOCK = 100;
    /** The most ids reserved ahead, whatever the flood. */
    static final int MAX_ID_BLOCK = 100_000;
    /** The file whose lock says which daemon uses the directory. */
    static final String LOCK_NAME = "state.lock";
    /** Writes start at most this often: changes in between are one write. */
    static final long MIN_INTERVAL_MILLIS = 50;

    private final StateFile file;
    private final Clock clock;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private long nextId;
    /** The reservation the next write records; guarded by {@link #lock}. */
    private long reserved;
    /** The reservation on disk; guarded by {@link #lock}. */
    private long durable;
    /** Whether the last write worked; guarded by {@link #lock}. */
    private boolean healthy;
    /** Guarded by {@link #lock}. */
    private boolean dirty;
    /** Guarded by {@link #lock}. */
    private boolean closing;
    /** Guarded by {@link #lock}. */
    private long writes;
    /** Guarded by {@link #lock}. */
    private final IdRate rate = new IdRate(System.nanoTime());
    private volatile Supplier<SavedBoard> board;
    /** Guarded by {@link #lock}. */
    private Thread writer;
    /** This daemon's hold on the directory; null when it could not be taken. */
    private final DirectoryLock directoryLock;
    /** Why the directory cannot be used, or null. */
    private final String openProblem;

    private StateStore(StateFile file, Clock clock, long nextId, DirectoryLock directoryLock, String openProblem) {
        this.file = file;
        this.clock = clock;
        this.nextId = nextId;
        this.directoryLock = directoryLock;
        this.openProblem = openProblem;
    }

    /**
     * What opening the state found.
     *
     * @param store the store, to give to the board and then {@link #attach} it
     * @param board what the last run left: the board to start from
     */
    public record Opened(StateStore store, SavedBoard board) {
    }

    /** Another daemon uses the state directory. */
    public static final class InUseException extends Exception {
        private static final long serialVersionUID = 1L;

        InUseException(String message) {
            super(message);
        }
    }

    /**
     * Takes the state directory {@code dir} for this daemon (one daemon per directory), reads its
     * state file, setting a damaged one aside, and decides where ids go on; writes nothing yet
     * ({@link #attach} does). {@code auditLogLargestId} is asked only when the file does not say
     * where ids go on.
     *
     * @throws InUseException when another daemon holds the directory
     */
    public static Opened open(StateDirectory dir, Clock clock, Supplier<OptionalLong> auditLogLargestId)
            throws InUseException {
        StateFile file = new StateFile(dir.file(StateFile.NAME));
        DirectoryLock lock;
        String problem = null;
        try {
            Files.createDirectories(dir.path());
            lock = DirectoryLock.take(dir.file(LOCK_NAME));
        } catch (IOException e) {
            lock = null;
            problem = "cannot use the state directory " + dir.path() + " (" + StateFile.reason(e) + ")";
        }
        if (lock != null && !lock.held()) {
            throw new InUseException("another mediachanged uses the state directory " + dir.path() + " (it holds "
                    + LOCK_NAME + "): stop it first, or give this one a --state-dir of its own");
        }
        StartingPoint from = StartingPoint.of(file, clock.instant(), auditLogLargestId);
        return new Opened(new StateStore(file, clock, from.nextId(), lock, problem), from.board());
    }

    /**
     * Writes the state at once, reserving the first ids, and from then on saves {@code board}
     * after each change. Call before the first request can come. Returns one line for the
     * terminal when the state cannot be kept (the daemon runs on, but ids may then repeat after
     * a restart, and requests waiting when it stops end with {@code Error shutting down}).
     */
    public Optional<String> attach(Supplier<SavedBoard> board) {
        this.board = Objects.requireNonNull(board, "board");
        long next;
        synchronized (lock) {
            if (writer != null) {
                throw new IllegalStateException("attached already");
            }
            next = nextId;
        }
        Optional<String> problem = Optional.ofNullable(openProblem).or(() -> writeNow(board.get(), true,
                next + ID_BLOCK));
        if (problem.isPresent()) {
            synchronized (lock) {
                // The next start may read the same old file: go on where no old id can be.
                nextId = Math.max(nextId, IdFloor.clock(clock.instant()));
            }
        }
        if (openProblem == null) {
            synchronized (lock) {
                writer = DaemonThreads.start("mediachanged-state", this::writeLoop);
            }
        }
        return problem.map(p -> p + "; request ids may repeat after a restart, and requests waiting when the daemon"
                + " stops end with Error shutting down");
    }

    @Override
    public long nextId() {
        synchronized (lock) {
            long id = nextId++;
            long block = rate.handedOut(System.nanoTime());
            if (healthy && nextId + block / 2 > reserved) {
                reserved = nextId + block;
                dirty = true;
                lock.notifyAll();
            }
            // Rare: a burst used up the reservation on disk before the next one was written.
            boolean interrupted = false;
            while (id >= durable && healthy && !closing && writer != null) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return id;
        }
    }

    @Override
    public void changed() {
        synchronized (lock) {
            dirty = true;
            lock.notifyAll();
        }
    }

    @Override
    public boolean keepsPending() {
        synchronized (lock) {
            return healthy;
        }
    }

    /** How many times the file was written; for tests and the benchmark. */
    public long writes() {
        synchronized (lock) {
            return writes;
        }
    }

    /** The state file. */
    public Path file() {
        return file.path();
    }

    /**
     * Stops the writer and writes the state a last time, marked as left by a daemon that stopped
     * in order (so the next start goes on from the exact next id). Call after the requests that
     * the stop kept are back on the board, i.e. after the accept loop stopped.
     */
    @Override
    public void close() {
        Thread w;
        long limit;
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
            w = writer;
        }
        if (w != null) {
            try {
                w.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            limit = reserved;
        }
        Supplier<SavedBoard> b = board;
        if (b != null && openProblem == null) {
            writeNow(b.get(), false, limit).ifPresent(p -> LOG.error("at the stop: {}", p));
        }
        if (directoryLock != null) {
            directoryLock.close();
        }
    }

    private void writeLoop() {
        long lastStart = 0;
        while (true) {
            long limit;
            synchronized (lock) {
                while (!dirty && !closing) {
                    waitQuietly(0);
                }
                if (closing) {
                    return; // close() writes the last state
                }
                long wait = lastStart + MIN_INTERVAL_MILLIS * 1_000_000 - System.nanoTime();
                // When the ids on disk run low, the next reservation goes at once: a handler may be
                // about to wait for it. Otherwise it goes with the next write.
                boolean urgent = reserved > durable && nextId + ID_BLOCK / 4 > durable;
                if (lastStart != 0 && wait > 0 && !urgent) {
                    waitQuietly(Math.max(1, wait / 1_000_000)); // let more changes come: one write for all
                    continue;
                }
                dirty = false;
                limit = reserved;
            }
            lastStart = System.nanoTime();
            try {
                writeNow(board.get(), true, limit);
            } catch (RuntimeException e) {
                LOG.error("saving the state failed", e);
            }
        }
    }

    /** Writes {@code b} with the ids reserved up to {@code limit}; the problem, if it failed. */
    private Optional<String> writeNow(SavedBoard b, boolean running, long limit) {
        long next;
        synchronized (lock) {
            next = nextId;
            limit = Math.max(limit, next);
            reserved = Math.max(reserved, limit);
        }
        try {
            file.write(StateJson.of(running, next, limit, clock.instant(), b));
        } catch (IOException e) {
            String problem = "cannot save the daemon's state in " + file.path() + " (" + StateFile.reason(e) + ")";
            synchronized (lock) {
                if (healthy) {
                    LOG.error("{}; requests waiting when the daemon stops end with Error shutting down until it can",
                            problem);
                }
                healthy = false;
                lock.notifyAll();
            }
            return Optional.of(problem);
        }
        synchronized (lock) {
            if (!healthy && writes > 0) {
                LOG.info("the daemon's state is saved in {} again", file.path());
            }
            healthy = true;
            writes++;
            durable = Math.max(durable, limit);
            lock.notifyAll();
        }
        return Optional.empty();
    }

    private void waitQuietly(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }
}
