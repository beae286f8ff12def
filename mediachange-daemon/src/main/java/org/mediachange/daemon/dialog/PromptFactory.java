package org.mediachange.daemon.dialog;

import java.time.Duration;
import org.mediachange.daemon.dialog.process.ChildProcessPrompt;
import org.mediachange.daemon.dialog.ui.Bell;
import org.mediachange.daemon.dialog.ui.SwingOperatorPrompt;

/** Opens the operator prompt at start; the daemon uses Swing, tests a scripted operator. */
@FunctionalInterface
public interface PromptFactory {

    /** Swing dialogs on {@code DISPLAY} in this JVM, ringing {@link Bell#TOOLKIT}; fails when X is down. */
    PromptFactory SWING = bellInterval -> SwingOperatorPrompt.open(bellInterval, Bell.TOOLKIT);

    /**
     * Swing dialogs on {@code DISPLAY} in a dialog process this JVM supervises:
     * waits for the display while it is down and outlives X server restarts.
     * Fails only when {@code DISPLAY} is not set at all.
     */
    PromptFactory DIALOG_PROCESS = bellInterval -> {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            throw NoDisplayException.displayNotSet();
        }
        return ChildProcessPrompt.start(ChildProcessPrompt.javaCommand(bellInterval), display);
    };

    /**
     * Opens a prompt.
     *
     * @param bellInterval how often to ring while requests are pending; zero for only when they appear
     * @throws NoDisplayException when there is no display to show dialogs on
     */
    OperatorPrompt open(Duration bellInterval) throws NoDisplayException;
}
