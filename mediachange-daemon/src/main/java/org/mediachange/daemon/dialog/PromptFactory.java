package org.mediachange.daemon.dialog;

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
     * @param settings the bell interval and how long a dialog process stays without dialogs
     * @throws NoDisplayException when there is no display to show dialogs on
     */
    OperatorPrompt open(DialogSettings settings) throws NoDisplayException;
}
