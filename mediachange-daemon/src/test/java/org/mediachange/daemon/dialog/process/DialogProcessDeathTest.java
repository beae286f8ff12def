package org.mediachange.daemon.dialog.process;

import static org.mediachange.daemon.dialog.process.ChildProcessPromptTest.await;
import static org.mediachange.daemon.dialog.process.ChildProcessPromptTest.gone;
import static org.mediachange.daemon.dialog.process.ChildProcessPromptTest.pids;
import static org.mediachange.daemon.dialog.process.ChildProcessPromptTest.signal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dialog process ends with the daemon, however the daemon ends: here a
 * stand-in daemon ({@link SupervisingMain}) is killed with SIGKILL, once while
 * its dialog process runs and once while that process is stopped (SIGSTOP),
 * when it cannot notice the end of its input.
 */
// A separate thread: a regression that blocks a test thread in a write fails the test instead of hanging.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DialogProcessDeathTest {

    @TempDir
    Path dir;
    private Process daemon;

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (long pid : pids(dir.resolve("journal"))) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private long startDaemonAndItsDialogProcess() throws Exception {
        Path journal = dir.resolve("journal");
        String java = ProcessHandle.current().info().command().orElseThrow();
        daemon = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                SupervisingMain.class.getName(), "hold", journal.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.out").toFile()).start();
        await("the dialog process to start", () -> {
            try {
                return !pids(journal).isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        List<Long> pids = pids(journal);
        return pids.get(0);
    }

    @Test
    void theDialogProcessEndsWhenTheDaemonIsKilled() throws Exception {
        long child = startDaemonAndItsDialogProcess();
        daemon.destroyForcibly();
        await("the dialog process to end; daemon said: " + Files.readString(dir.resolve("daemon.out")),
                () -> gone(child));
    }

    @Test
    void aStoppedDialogProcessEndsWhenTheDaemonIsKilled() throws Exception {
        long child = startDaemonAndItsDialogProcess();
        signal("STOP", child);
        daemon.destroyForcibly();
        await("the stopped dialog process to end; daemon said: " + Files.readString(dir.resolve("daemon.out")),
                () -> gone(child));
    }
}
