package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code bacula-operator} from the unpacked .debs as the Operator Command of a
 * real Bacula 9.6 (Debian's packages; see {@link Bacula}), asking at a real
 * headless console answered with mediachangectl: one request per waiting job
 * and volume however often Bacula repeats its message; OK mounts the waiting
 * job's own storage (of two, one an autochanger), or labels a volume when the
 * pool has none; a mount that did not take is asked again with Bacula's reason;
 * the request is withdrawn when the job stops waiting; Cancel does what the
 * admin chose. The long wait past the Director's 120 s limit for an Operator
 * Command is {@link BaculaLongWaitIT}'s. Headless, so it runs beside the other
 * end-to-end tests (junit-platform.properties).
 */
@ExtendWith(RequiresBacula.class)
@Execution(ExecutionMode.CONCURRENT)
// A lock of its own: JUnit then runs this class's tests one after another (on 2 cores, six
// Baculas at once starve the consoles' password checks), the class beside the others.
@ResourceLock("BaculaIT")
@Timeout(300)
class BaculaIT {

    @TempDir
    Path work;
    private BaculaSetup setup;

    private BaculaSetup start(String extraSettings) throws Exception {
        setup = BaculaSetup.start(work, extraSettings);
        return setup;
    }

    @AfterEach
    void stop() throws Exception {
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void repeatedMountMessagesMakeOneRequestAndAMountThatDidNotTakeIsAskedAgainWithTheReason() throws Exception {
        BaculaSetup s = start("");
        BaculaSetup.Waiting w = s.jobWaitingFor(1, "Vol-0001", "Pool1", "job1");
        assertThat(w.message()).startsWith("Bacula job job1.")
                .contains("Please mount append Volume \"Vol-0001\" or label a new one for:")
                .contains("Storage: \"Drive1-Dev\"").contains("Pool: Pool1")
                .endsWith("press OK when it is in the drive; Cancel leaves the job waiting");
        // Mounting in bconsole without the volume makes the storage daemon say it again, twice.
        for (int i = 0; i < 2; i++) {
            assertThat(s.bacula.console("mount storage=Drive1")).contains("3001 OK mount requested");
            awaitMountMessages(s, w.job(), "Please mount append Volume", i + 2);
        }
        awaitHookLine(s, "job " + w.job() + ": repeated message; its request is already out", 2);
        assertOnlyPending(s, w.request());

        // OK while the volume is still not in the drive: asked again, with Bacula's reason.
        s.console.ok(w.request());
        JsonObject again = s.console.awaitPending("The mount did not take", 60);
        assertThat(again.get("message").getAsString()).contains("(JobId " + w.job() + ")")
                .contains("No such file or directory").contains("Please mount append Volume \"Vol-0001\"");
        assertThat(s.console.awaitEnded(w.request(), 10)).isEqualTo("ok");

        s.bacula.putBack(1, "Vol-0001");
        s.console.ok(again.get("id").getAsLong());
        assertThat(s.bacula.awaitEnd(w.job(), 60)).isEqualTo("T");
        assertThat(s.console.pending()).isEmpty();
        awaitHookLine(s, "job " + w.job() + ": operator answered OK; mount: 3001 OK mount requested."
                + " Device=\"Drive1-Dev\"", 2);
        assertNoDeliveryError(s);
    }

    @Test
    void twoJobsOnTwoStoragesGetARequestEachAndOkMountsTheRightOne() throws Exception {
        BaculaSetup s = start("");
        BaculaSetup.Waiting w1 = s.jobWaitingFor(1, "Vol-0001", "Pool1", "job1");
        BaculaSetup.Waiting w2 = s.jobWaitingFor(2, "Chg-0001", "Pool2", "job2");
        assertThat(w1.message()).contains("Volume \"Vol-0001\"").contains("\"Drive1-Dev\"");
        assertThat(w2.message()).contains("Volume \"Chg-0001\"").contains("\"Changer2-Dev0\"");

        // The second job's volume comes first: its OK mounts the autochanger's drive, not Drive1.
        s.bacula.putBack(2, "Chg-0001");
        s.console.ok(w2.request());
        assertThat(s.bacula.awaitEnd(w2.job(), 60)).isEqualTo("T");
        awaitHookLine(s, "job " + w2.job() + ": operator answered OK; mount: 3001 OK mount requested."
                + " Device=\"Changer2-Dev0\"", 1);
        assertThat(s.bacula.runningStatus(w1.job())).isEqualTo("M");
        assertOnlyPending(s, w1.request());

        s.bacula.putBack(1, "Vol-0001");
        s.console.ok(w1.request());
        assertThat(s.bacula.awaitEnd(w1.job(), 60)).isEqualTo("T");
        assertNoDeliveryError(s);
    }

    @Test
    void aRestoreAsksForItsVolumeToReadAndOkMountsItOnTheStorageItReadsFrom() throws Exception {
        BaculaSetup s = start("");
        s.bacula.label("Drive1", "Vol-0001", "Pool1");
        long backup = s.bacula.run("job1");
        assertThat(s.bacula.awaitEnd(backup, 60)).isEqualTo("T");
        s.bacula.console("unmount storage=Drive1");
        Files.move(s.bacula.drive(1).resolve("Vol-0001"), s.bacula.spare().resolve("Vol-0001"));

        long restore = s.bacula.restore(backup);
        BaculaSetup.Waiting w = s.waiting(restore);
        assertThat(w.message()).contains("Please mount read Volume \"Vol-0001\" for:")
                .endsWith("press OK when it is in the drive; Cancel leaves the job waiting");
        s.bacula.putBack(1, "Vol-0001");
        s.console.ok(w.request());
        assertThat(s.bacula.awaitEnd(restore, 60)).isEqualTo("T");
        awaitHookLine(s, "job " + restore + ": operator answered OK; mount: 3001 OK mount requested.", 1);
        Path source = s.bacula.source();
        Path restored = s.bacula.restored().resolve(source.toString().substring(1));
        assertThat(restored.resolve("data.bin")).hasSameBinaryContentAs(source.resolve("data.bin"));
        assertNoDeliveryError(s);
    }

    @Test
    void cancelLeavesTheJobWaitingAndAJobCancelledInBconsoleWithdrawsItsRequestWithinAMinute() throws Exception {
        BaculaSetup s = start("");
        BaculaSetup.Waiting w = s.jobWaitingFor(1, "Vol-0001", "Pool1", "job1");
        s.console.cancel(w.request());
        awaitHookLine(s, "job " + w.job() + ": operator answered Cancel; the job keeps waiting", 1);
        assertThat(s.bacula.runningStatus(w.job())).isEqualTo("M");

        // The operator tries a mount in bconsole: Bacula asks again, and so does the hook.
        s.bacula.console("mount jobid=" + w.job());
        BaculaSetup.Waiting again = s.waiting(w.job());
        assertThat(again.request()).isNotEqualTo(w.request());

        long cancelled = System.nanoTime();
        assertThat(s.bacula.console("cancel jobid=" + w.job())).contains("marked to be canceled");
        assertThat(s.console.awaitEnded(again.request(), 60)).isEqualTo("withdrawn");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - cancelled);
        System.out.println("BaculaIT: the request of cancelled job " + w.job() + " was withdrawn after " + seconds
                + " s");
        assertThat(s.bacula.awaitEnd(w.job(), 30)).isEqualTo("A");
        awaitHookLine(s, "job " + w.job() + ": request withdrawn: the job has ended", 1);
        assertNoDeliveryError(s);
    }

    @Test
    void noAppendableVolumeIsLabelledThroughTheDocumentedPathAndTheJobEndsOk() throws Exception {
        BaculaSetup s = start("BACULA_LABEL_FORMAT=It-%Y%m%d-%H%M%S\n");
        BaculaSetup.Waiting w = s.waiting(s.bacula.run("jobnew"));
        assertThat(w.message()).contains("Cannot find any appendable volumes.")
                .contains("Please use the \"label\" command to create a new Volume for:").contains("Pool: Empty")
                .containsPattern("put a blank volume in the drive and press OK to label it It-\\d{8}-\\d{6} for"
                        + " pool Empty; Cancel leaves the job waiting$");
        String volume = w.message().replaceAll(".*label it (It-\\d{8}-\\d{6}) .*", "$1");
        s.console.ok(w.request());
        assertThat(s.bacula.awaitEnd(w.job(), 60)).isEqualTo("T");
        assertThat(s.bacula.drive(1).resolve(volume)).isRegularFile();
        assertThat(s.bacula.console("list volumes pool=Empty")).contains(volume);
        awaitHookLine(s, "job " + w.job() + ": operator answered OK; label: 3000 OK label.", 1);
        assertThat(s.hookLog()).contains("Volume=\"" + volume + "\"");
        assertNoDeliveryError(s);
    }

    @Test
    void cancelWithTheCancelOptionCancelsTheJob() throws Exception {
        BaculaSetup s = start("BACULA_CANCEL=cancel\n");
        BaculaSetup.Waiting w = s.jobWaitingFor(1, "Vol-0001", "Pool1", "job1");
        assertThat(w.message()).endsWith("; Cancel cancels the job");
        s.console.cancel(w.request());
        assertThat(s.bacula.awaitEnd(w.job(), 60)).isEqualTo("A");
        awaitHookLine(s, "job " + w.job() + ": operator answered Cancel: 2001 Job \"job1.", 1);
        assertThat(s.hookLog()).contains("marked to be canceled");
        assertNoDeliveryError(s);
    }

    @Test
    void messagesThatAskForNothingAreIgnoredAndTheHookAlwaysReturnsAtOnce() throws Exception {
        BaculaSetup s = start("");
        Path hook = work.resolve("root/usr/share/mediachange/hooks/bacula-operator");
        Map<String, String> env = Map.of("PATH", Artifacts.sbinPath(), "MEDIACHANGE_HOST", "127.0.0.1",
                "MEDIACHANGEC_OPTS", "--port " + s.console.port());
        for (String text : List.of("07-Dec 05:38 it-sd JobId 9: JobId=9, Job job1.x waiting to reserve a device.\n",
                "07-Dec 05:38 it-sd JobId 9: JobId=9, Job job1.x waiting device \"Drive1-Dev\" (/x).\n")) {
            Path message = Files.writeString(work.resolve("message.txt"), text, UTF_8);
            Outside.Ran r = s.outside.run(env, List.of("sh", "-c", "exec \"$1\" job1.x 9 < \"$2\"", "sh",
                    hook.toString(), message.toString()), 30);
            assertThat(r.code()).isZero();
            assertThat(r.out() + r.err()).isEmpty();
        }
        // A mount message: the hook is back (exit 0, nothing printed) while its request waits.
        Path message = Files.writeString(work.resolve("message.txt"), "07-Dec 05:38 it-sd JobId 9: Please mount"
                + " append Volume \"Vol-0009\" or label a new one for:\n    Job:          job1.x\n", UTF_8);
        Outside.Ran r = s.outside.run(env, List.of("sh", "-c", "exec \"$1\" job1.x 9 < \"$2\"", "sh",
                hook.toString(), message.toString()), 30);
        assertThat(r.code()).isZero();
        assertThat(r.out() + r.err()).isEmpty();
        s.console.awaitPending("(JobId 9): Please mount append Volume \"Vol-0009\"", 30);
        assertThat(s.hookLog()).contains("ignored (asks for nothing): JobId=9, Job job1.x waiting to reserve a"
                + " device.").contains("ignored (asks for nothing): JobId=9, Job job1.x waiting device");
        assertThat(s.console.pending()).hasSize(1);
        // JobId 9 does not run in this Director: the hook withdraws the request.
        assertThat(s.console.awaitEnded(s.console.pending().get(0).get("id").getAsLong(), 60))
                .isEqualTo("withdrawn");
    }

    /** The console has one pending request: {@code id}. */
    private static void assertOnlyPending(BaculaSetup s, long id) throws Exception {
        assertThat(s.console.pending()).hasSize(1).allSatisfy(p -> assertThat(p.get("id").getAsLong()).isEqualTo(id));
    }

    /** Waits (at most 30 s) until the job log has {@code text} {@code count} times. */
    private static void awaitMountMessages(BaculaSetup s, long job, String text, int count) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String log = s.bacula.console("list joblog jobid=" + job);
            int n = log.split(java.util.regex.Pattern.quote(text), -1).length - 1;
            if (n >= count) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(n + " mount messages, not " + count + ": " + log);
            }
            Thread.sleep(500);
        }
    }

    /** Waits (at most 30 s) until the hook has logged {@code text} {@code count} times. */
    static void awaitHookLine(BaculaSetup s, String text, int count) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String log = s.hookLog();
            if (log.split(java.util.regex.Pattern.quote(text), -1).length - 1 >= count) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("hook log lacks " + count + " x '" + text + "': " + log);
            }
            Thread.sleep(200);
        }
    }

    /** The Director never failed to deliver a message to the hook (it prints those on stdout). */
    static void assertNoDeliveryError(BaculaSetup s) throws Exception {
        assertThat(s.bacula.director().stdout() + s.bacula.log()).doesNotContain("delivery ERROR")
                .doesNotContain("delivery error");
    }
}
