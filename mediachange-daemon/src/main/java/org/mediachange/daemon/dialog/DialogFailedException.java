package org.mediachange.daemon.dialog;

/**
 * The dialog for one request could not be built or shown (for example the
 * dialog process ran out of memory laying it out). A prompt completes the
 * request's future exceptionally with this, so the request ends (answered
 * {@code Error dialog failed} and audited) instead of waiting for a dialog
 * that will never appear.
 */
public final class DialogFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a short reason for the log; never shown to the client. */
    public DialogFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
