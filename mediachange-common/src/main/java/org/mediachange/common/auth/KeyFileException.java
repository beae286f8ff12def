package org.mediachange.common.auth;

/** A key file is missing, unreadable, too open, or too short; the message names the file. */
public final class KeyFileException extends Exception {

    private static final long serialVersionUID = 1L;

    /** With a message fit for the user. */
    public KeyFileException(String message) {
        super(message);
    }
}
