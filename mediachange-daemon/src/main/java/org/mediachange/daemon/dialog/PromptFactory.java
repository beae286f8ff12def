package org.mediachange.daemon.dialog;

import java.time.Duration;

/**
 * Opens the operator prompt at start: the daemon's starts and supervises a
 * dialog process ({@code DialogProcessCommand.FACTORY}), so that the daemon
 * itself never connects to X; tests open a scripted operator or none.
 */
@FunctionalInterface
public interface PromptFactory {

    /**
     * Opens a prompt.
     *
     * @param bellInterval how often to ring while requests are pending; zero for only when they appear
     * @throws NoDisplayException when there is no display to show dialogs on
     */
    OperatorPrompt open(Duration bellInterval) throws NoDisplayException;
}
