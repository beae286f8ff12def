package org.mediachange.daemon.prompt;

import java.time.Duration;

/** Opens the operator prompt at start; the daemon uses Swing, tests a scripted operator. */
@FunctionalInterface
public interface PromptFactory {

    /** The Swing dialogs on {@code DISPLAY}, ringing {@link Bell#TOOLKIT}. */
    PromptFactory SWING = bellInterval -> SwingOperatorPrompt.open(bellInterval, Bell.TOOLKIT);

    /**
     * Opens a prompt.
     *
     * @param bellInterval how often to ring while requests are pending; zero for only when they appear
     * @throws NoDisplayException when there is no display to show dialogs on
     */
    OperatorPrompt open(Duration bellInterval) throws NoDisplayException;
}
