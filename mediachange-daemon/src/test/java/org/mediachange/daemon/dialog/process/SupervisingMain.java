package org.mediachange.daemon.dialog.process;

import java.nio.file.Path;
import java.time.Duration;
import org.mediachange.daemon.dialog.KeepWarm;
import org.mediachange.daemon.testing.Requests;

/**
 * A stand-in daemon: a JVM that supervises a {@link FakePromptHost}, asks it
 * one request (which starts it, on demand) and does nothing else, so a test
 * can kill it (SIGKILL) and see what becomes of its dialog process.
 */
public final class SupervisingMain {

    private SupervisingMain() {
    }

    /** Usage: {@code SupervisingMain MODE JOURNAL}; runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        ChildProcessPrompt.start(ChildProcessPromptTest.fakeHost(args[0], Path.of(args[1])), "fake/unix:0",
                KeepWarm.after(Duration.ofMinutes(5))).ask(Requests.info(1, "h", "192.168.1.1", "tape 1"));
        Thread.sleep(Long.MAX_VALUE);
    }
}
