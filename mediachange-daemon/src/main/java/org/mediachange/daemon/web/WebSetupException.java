package org.mediachange.daemon.web;

/**
 * The web console cannot start: the message says why, in one line for the
 * user. Either the configuration is wrong (a usage error) or the address could
 * not be bound ({@link #cannotListen()}).
 */
public final class WebSetupException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean cannotListen;

    /** A configuration problem, with a message fit for the user. */
    public WebSetupException(String message) {
        this(message, null, false);
    }

    /** A configuration problem, with a message fit for the user and the cause for the log. */
    public WebSetupException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private WebSetupException(String message, Throwable cause, boolean cannotListen) {
        super(message, cause);
        this.cannotListen = cannotListen;
    }

    /** The address could not be bound (e.g. the port is in use). */
    static WebSetupException bindFailed(String message, Throwable cause) {
        return new WebSetupException(message, cause, true);
    }

    /** Whether the address could not be bound, rather than the configuration being wrong. */
    public boolean cannotListen() {
        return cannotListen;
    }
}
