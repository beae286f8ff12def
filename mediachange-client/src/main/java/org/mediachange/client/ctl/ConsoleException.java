package org.mediachange.client.ctl;

/**
 * Talking to the web console failed: one line for the user, the exit code it
 * means, and whether {@code watch} may try again (a console that is down or
 * restarting may be back in a moment; a wrong password will not get right).
 */
final class ConsoleException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient CtlExitCode exitCode;
    private final boolean retryable;

    private ConsoleException(CtlExitCode exitCode, String message, boolean retryable) {
        super(message);
        this.exitCode = exitCode;
        this.retryable = retryable;
    }

    /** The console cannot be reached now (connect failed, no answer in time, connection lost). */
    static ConsoleException unreachable(String message) {
        return new ConsoleException(CtlExitCode.UNREACHABLE, message, true);
    }

    /** The console said no, for good: login, permission, certificate, or not the console at all. */
    static ConsoleException refused(String message) {
        return new ConsoleException(CtlExitCode.REFUSED, message, false);
    }

    /** The console said no for now (busy); {@code watch} tries again. */
    static ConsoleException busy(String message) {
        return new ConsoleException(CtlExitCode.REFUSED, message, true);
    }

    /** Ends with {@code code}, never retried. */
    static ConsoleException of(CtlExitCode code, String message) {
        return new ConsoleException(code, message, false);
    }

    /** The exit code this failure means. */
    CtlExitCode exitCode() {
        return exitCode;
    }

    /** Whether trying again later could succeed. */
    boolean retryable() {
        return retryable;
    }
}
