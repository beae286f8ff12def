package org.mediachange.daemon.web.auth;

/** The web console's secret file cannot be read, made or trusted; the message names the file and the fix. */
public final class SecretFileException extends Exception {

    private static final long serialVersionUID = 1L;

    /** With a message fit for the user. */
    public SecretFileException(String message) {
        super(message);
    }
}
