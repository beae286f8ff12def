package org.mediachange.daemon.dialog.process;

import java.util.List;

/**
 * What {@link ChildProcessPrompt} starts each dialog process with, and whom it
 * tells how each one ended: {@link DialogProcessCommand} for the daemon (which
 * makes the dialog process's class data sharing archive from what a clean run
 * loaded), a fixed command in tests.
 */
interface DialogLauncher {

    /**
     * The command of the next dialog process.
     *
     * @param warmUp whether it should build a dialog off screen before it says {@code ready}: only worth it
     *               when nothing waits to be shown (a process started with the daemon)
     */
    List<String> command(boolean warmUp);

    /**
     * A process started with {@link #command} has ended.
     *
     * @param clean whether it ended because it was told to (its input ended) and exited with 0
     */
    default void ended(boolean clean) {
    }

    /** Always {@code command}, whatever is asked. */
    static DialogLauncher of(List<String> command) {
        List<String> fixed = List.copyOf(command);
        return warmUp -> fixed;
    }
}
