package org.mediachange.daemon.dialog;

/** No X display could be opened, so no dialog can be shown. */
public final class NoDisplayException extends Exception {

    private static final long serialVersionUID = 1L;

    /** {@code DISPLAY} is not set at all: no dialog could ever be shown. */
    public static NoDisplayException displayNotSet() {
        return new NoDisplayException("no X display: DISPLAY is not set (set DISPLAY, and XAUTHORITY if needed,"
                + " to the operator's display)", null);
    }

    /** With a message for the operator that names {@code DISPLAY}. */
    public NoDisplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
