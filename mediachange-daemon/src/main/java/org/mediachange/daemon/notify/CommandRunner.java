package org.mediachange.daemon.notify;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.text.Escaper;
import org.mediachange.common.time.Durations;
import org.mediachange.daemon.tally.Tally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notify commands: at most {@link NotifyConfig#maxRunning()} at once and
 * {@link NotifyConfig#maxQueued()} waiting, never more (a run that finds no
 * room is dropped and logged, so the request threads never wait for it); each
 * one with stdin from {@code /dev/null}, in the directory {@code /}, its
 * stdout and stderr captured together, killed with every process it started
 * after {@link NotifyConfig#runLimit()}. Each run ends in one line on the
 * logger {@value Notifier#LOGGER_NAME}: the exit code or the kill, and the
 * output, escaped.
 *
 * <p>The log names only the program, never its arguments: they may hold a
 * webhook URL or a token.
 */
final class CommandRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.LOGGER_NAME);
    /** After a kill, how long to wait for the process to be gone. */
    private static final long KILL_WAIT_MILLIS = 5000;
    /** After the process ended, how long its output may still take: a child that left the tree may hold the pipe. */
    private static final long OUTPUT_WAIT_MILLIS = 1000;
    private static final File DEV_NULL = new File("/dev/null");
    /** Not the daemon's directory: a command must not depend on where the daemon was started. */
    private static final File WORKING_DIRECTORY = new File("/");

    /**
     * One run of one command.
     *
     * @param what for the log, e.g. {@code request 12 new}
     * @param argv the program and its arguments
     * @param env  its whole environment
     */
    record Run(String what, List<String> argv, Map<String, String> env) {
    }

    private final NotifyConfig config;
    private final ThreadPoolExecutor pool;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger outputThreads = new AtomicInteger();
    /** Runs by event ({@code new}, {@code reminder}, {@code closed}) and {@link Result}. */
    private final Tally runs = new Tally(2);

    /** How a run ended, as {@code /metrics} counts it. */
    enum Result {
        /** Exited 0. */
        OK("ok"),
        /** Exited with another code. */
        FAILED("failed"),
        /** Killed: it ran past the limit, or the daemon stopped. */
        KILLED("killed"),
        /** Could not be started (no such program, not executable). */
        NOT_STARTED("not-started"),
        /** Not run: too many runs going and waiting, or the daemon stopping. */
        DROPPED("dropped");

        private final String word;

        Result(String word) {
            this.word = word;
        }
    }

    CommandRunner(NotifyConfig config) {
        this.config = config;
        BlockingQueue<Runnable> queue = config.maxQueued() == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(config.maxQueued());
        this.pool = new ThreadPoolExecutor(config.maxRunning(), config.maxRunning(), 30, TimeUnit.SECONDS, queue,
                DaemonThreads.numbered("mediachanged-notify"));
        pool.allowCoreThreadTimeOut(true); // no threads while nothing runs
    }

    /**
     * Runs {@code run} when a slot is free, or drops it (logged) when too many
     * wait. Never blocks. The result completes, normally, once the run is over
     * or dropped.
     */
    CompletableFuture<Void> submit(Run run) {
        CompletableFuture<Void> over = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    runOne(run);
                } finally {
                    over.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            count(run, Result.DROPPED);
            if (pool.isShutdown()) {
                LOG.warn("{}: {} not run: the daemon is stopping", run.what(), program(run));
            } else {
                // The bounds, not the pool's counts: those are only estimates.
                LOG.warn("{}: {} not run: {} runs going and {} waiting already, the most allowed", run.what(),
                        program(run), config.maxRunning(), config.maxQueued());
            }
            over.complete(null);
        }
        return over;
    }

    private void runOne(Run run) {
        ProcessBuilder pb = new ProcessBuilder(run.argv()).directory(WORKING_DIRECTORY)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL)).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(run.env());
        long started = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException | RuntimeException e) {
            count(run, Result.NOT_STARTED);
            LOG.warn("{}: {} could not be started: {}", run.what(), program(run), Escaper.forLog(
                    String.valueOf(e.getMessage())));
            return;
        }
        running.add(p);
        OutputCapture output = OutputCapture.start(p.getInputStream(), config.maxOutput(),
                "mediachanged-notify-output-" + outputThreads.incrementAndGet());
        try {
            if (p.waitFor(config.runLimit().toMillis(), TimeUnit.MILLISECONDS)) {
                output.await(OUTPUT_WAIT_MILLIS);
                count(run, p.exitValue() == 0 ? Result.OK : Result.FAILED);
                log(run, "exited " + p.exitValue() + " after " + seconds(started), p.exitValue() == 0, output);
            } else {
                killTree(p);
                p.waitFor(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                output.await(OUTPUT_WAIT_MILLIS);
                count(run, Result.KILLED);
                log(run, "killed after " + Durations.format(config.runLimit()) + " (the limit for a run)", false,
                        output);
            }
        } catch (InterruptedException e) {
            killTree(p);
            awaitQuietly(output); // the exception cleared the interrupt, so this can still wait
            count(run, Result.KILLED);
            log(run, "killed after " + seconds(started) + ": the daemon is stopping", false, output);
            Thread.currentThread().interrupt();
        } finally {
            running.remove(p);
        }
    }

    /** The runs so far by event and result. */
    Tally runs() {
        return runs;
    }

    /** Counts a run under the event its command was told ({@code MEDIACHANGE_EVENT}). */
    private void count(Run run, Result result) {
        runs.add(run.env().getOrDefault(NotifyEnvironment.EVENT, "unknown"), result.word);
    }

    private static void awaitQuietly(OutputCapture output) {
        try {
            output.await(OUTPUT_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills {@code p} and every process it started. The children are listed
     * before the parent dies, since an orphan is no longer its descendant.
     */
    static void killTree(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void log(Run run, String result, boolean ok, OutputCapture output) {
        String text = output.text();
        String tail = text.isEmpty() ? "" : ", output: \"" + Escaper.forLog(text) + "\"";
        if (ok) {
            LOG.info("{}: {} {}{}", run.what(), program(run), result, tail);
        } else {
            LOG.warn("{}: {} {}{}", run.what(), program(run), result, tail);
        }
    }

    private static String program(Run run) {
        return Escaper.forLog(run.argv().get(0));
    }

    private static String seconds(long startedNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }

    /**
     * Stops: runs already going or waiting get {@code grace} to finish (the
     * {@code closed} runs of requests that shutdown ended among them), then
     * the rest are killed and the waiting ones dropped.
     */
    void close(Duration grace) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                List<Runnable> dropped = pool.shutdownNow(); // interrupts the waits: they kill their trees
                if (!dropped.isEmpty()) {
                    LOG.warn("{} notify run(s) dropped: the daemon is stopping", dropped.size());
                }
                pool.awaitTermination(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            running.forEach(CommandRunner::killTree);
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
