package org.mediachange.daemon.dialog.process;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.mediachange.common.time.Durations;
import org.mediachange.daemon.dialog.KeepWarm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one running dialog process, on its supervisor's thread, until it
 * ends: every tick it checks the deadlines of {@link Liveness} and kills a
 * process that misses one, and it ends a process that has had no dialog for
 * the keep-warm time. Logged under {@link ChildProcessPrompt}'s name, as the
 * operator knows these lines by it.
 */
final class ProcessWatch {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessPrompt.class);

    private final Liveness liveness;
    private final KeepWarm keepWarm;
    private final BooleanSupplier closed;
    private final BooleanSupplier idle;

    /**
     * A watch by the deadlines of {@code liveness} and the keep-warm time of {@code keepWarm}.
     *
     * @param closed whether the prompt was closed (then whoever closed it ends the process)
     * @param idle   whether the process is to end for idleness (asked only unless it is kept always)
     */
    ProcessWatch(Liveness liveness, KeepWarm keepWarm, BooleanSupplier closed, BooleanSupplier idle) {
        this.liveness = liveness;
        this.keepWarm = keepWarm;
        this.closed = closed;
        this.idle = idle;
    }

    /** How often to check the deadlines: a quarter of the shortest, between 50 and 500 ms. */
    private long tickMillis() {
        long shortest = List.of(liveness.readyWithin(), liveness.pingEvery(), liveness.pongWithin(),
                liveness.writeWithin(), keepWarm.idle()).stream().mapToLong(Duration::toMillis).min().orElse(1000);
        return Math.max(50, Math.min(500, shortest / 4));
    }

    /** Watches {@code child} until it ends; null if the prompt was closed meanwhile. */
    ProcessEnd until(DialogProcess child) throws InterruptedException {
        long tick = tickMillis(); // per process, on the supervisor thread: bad deadlines fail a run, not the prompt
        while (!child.awaitExit(tick)) {
            if (closed.getAsBoolean()) {
                // close() ends it. Stay until it has: the kernel kills it when this thread ends.
                child.awaitExit(liveness.closeWithin().toMillis() + 2000);
                return null;
            }
            String problem = child.check(System.nanoTime(), liveness);
            if (problem != null) {
                child.fail(problem);
            } else if (!keepWarm.always() && idle.getAsBoolean()) {
                LOG.info("dialog process {} ends: no dialog to show for {} (--dialog-keep-warm); the next"
                        + " request starts another", child.pid(), Durations.format(keepWarm.idle()));
                child.stop(liveness.closeWithin());
                boolean ended = child.awaitExit(1000);
                return new ProcessEnd(ended ? child.exitCode() : -1, child.ready(), null, child.lastError(), true);
            }
        }
        return new ProcessEnd(child.exitCode(), child.ready(), child.failure(), child.lastError(), false);
    }
}
