package org.mediachange.daemon.web.auth;

/** The operators file is missing, too open, unreadable or malformed; the message names the file (and line). */
public final class OperatorsFileException extends Exception {

    private static final long serialVersionUID = 1L;

    /** With a message fit for the user. */
    public OperatorsFileException(String message) {
        super(message);
    }
}
