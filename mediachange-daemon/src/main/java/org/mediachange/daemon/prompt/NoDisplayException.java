package org.mediachange.daemon.prompt;

/** No X display could be opened, so no dialog can be shown. */
public final class NoDisplayException extends Exception {

    private static final long serialVersionUID = 1L;

    /** With a message for the operator that names {@code DISPLAY}. */
    public NoDisplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
