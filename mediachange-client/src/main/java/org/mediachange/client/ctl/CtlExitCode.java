package org.mediachange.client.ctl;

import org.mediachange.common.cli.ExitStatus;

/**
 * The exit codes of {@code mediachangectl}, the contract with scripts. The
 * help text and the man page are generated from this enum.
 */
public enum CtlExitCode implements ExitStatus {
    /** The command did what was asked. */
    DONE(0, "Done: listed, answered, status healthy, or watch stopped by Ctrl-C or SIGTERM."),
    /** The request had already ended: someone else answered first, or it timed out or was withdrawn. */
    ALREADY_CLOSED(1, "The request was no longer pending: someone else answered it first, or it timed out, was"
            + " withdrawn or ended with a daemon stop (stderr says which, and who answered)."),
    /** status: the daemon runs, but cannot show requests on its X display. */
    DEGRADED(1, "status: the daemon runs but is degraded: no X server answers at its DISPLAY, so requests are not"
            + " shown there (stdout says why)."),
    /** Bad command line, URL, password source or certificate file. */
    USAGE(2, "Usage error (bad option, ID or URL; no password; a password file others may read)."),
    /** The console knows no request with that id. */
    NO_SUCH_REQUEST(3, "There is no request with that ID (never was, or too long ago to remember), or it waited"
            + " when the daemon stopped and its client has not sent it again yet (stderr says so)."),
    /** The console refused us, or is not a mediachange web console. */
    REFUSED(4, "Refused: wrong operator name or password, too many failed logins, the console's certificate is not"
            + " trusted, or an answer that is not the web console's."),
    /** The console could not be reached or did not answer in time. */
    UNREACHABLE(5, "Could not reach the web console or no answer within --timeout; watch: lost it for longer than"
            + " --retry-for.");

    private final int code;
    private final String description;

    CtlExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String description() {
        return description;
    }
}
