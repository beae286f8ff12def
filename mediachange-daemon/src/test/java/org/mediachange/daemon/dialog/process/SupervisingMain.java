package org.mediachange.daemon.dialog.process;

import java.nio.file.Path;

/**
 * A stand-in daemon: a JVM that supervises a {@link FakePromptHost} and does
 * nothing else, so a test can kill it (SIGKILL) and see what becomes of its
 * dialog process.
 */
public final class SupervisingMain {

    private SupervisingMain() {
    }

    /** Usage: {@code SupervisingMain MODE JOURNAL}; runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        ChildProcessPrompt.start(ChildProcessPromptTest.fakeHost(args[0], Path.of(args[1])), "fake/unix:0");
        Thread.sleep(Long.MAX_VALUE);
    }
}
