package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The operator answers after the Director's limit for an Operator Command
 * ({@code open_bpipe(cmd, 120, "rw")} in its message code: it waits 120 s for
 * the hook, then gives up on it). The test really waits that long, once, with
 * a real Bacula (see {@link BaculaSetup}): the hook must have returned at once,
 * leaving no child (running or zombie) under the Director, the job must show
 * as waiting for a mount all along with the request still on the console, and
 * the late OK must mount the volume the operator put back, so that the job
 * ends OK, from exactly one request, without a delivery error. About 2.5
 * minutes, spent waiting; it runs beside the other end-to-end tests.
 */
@ExtendWith(RequiresBacula.class)
@Execution(ExecutionMode.CONCURRENT)
@Timeout(400)
class BaculaLongWaitIT {

    /** How long the Director waits for an Operator Command before it gives up on it. */
    static final Duration DIRECTOR_LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path work;
    private BaculaSetup setup;

    @AfterEach
    void stop() throws Exception {
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void anOkLongAfterTheDirectorsLimitMountsTheVolumeAndTheJobEndsOk() throws Exception {
        BaculaSetup s = setup = BaculaSetup.start(work, "");
        BaculaSetup.Waiting w = s.jobWaitingFor(1, "Vol-0001", "Pool1", "job1");
        long asked = System.nanoTime();
        long job = w.job();
        String ours = "(JobId " + job + ")";
        // The mount message is in the job's log now, not when the operator answers.
        assertThat(s.bacula.console("list joblog jobid=" + job))
                .contains("Please mount append Volume \"Vol-0001\" or label a new one for:");

        long answerAt = asked + DIRECTOR_LIMIT.plusSeconds(5).toNanos();
        while (System.nanoTime() - answerAt < 0) {
            assertThat(s.bacula.directorChildren()).as("processes under the Director").isEmpty();
            assertThat(s.bacula.runningStatus(job)).as("job status").isEqualTo("M");
            assertThat(s.console.pending()).hasSize(1)
                    .allSatisfy(p -> assertThat(p.get("id").getAsLong()).isEqualTo(w.request()));
            Thread.sleep(Math.min(10_000, Math.max(0, TimeUnit.NANOSECONDS.toMillis(answerAt - System.nanoTime()))));
        }
        long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - asked);
        System.out.println("BaculaLongWaitIT: the operator answers " + waited + " s after the request");
        assertThat(waited).isGreaterThan(DIRECTOR_LIMIT.toSeconds());

        s.bacula.putBack(1, "Vol-0001");
        s.console.ok(w.request());
        assertThat(s.bacula.awaitEnd(job, 60)).isEqualTo("T");
        assertThat(s.console.pending()).isEmpty();
        List<JsonObject> ended = s.console.recent().stream()
                .filter(r -> r.get("message").getAsString().contains(ours)).toList();
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).get("outcome").getAsString()).isEqualTo("ok");
        assertThat(s.bacula.directorChildren()).isEmpty();
        BaculaIT.assertNoDeliveryError(s);
        assertThat(s.bacula.log()).contains("Please mount append Volume \"Vol-0001\"")
                .contains("Termination:            Backup OK");
    }
}
