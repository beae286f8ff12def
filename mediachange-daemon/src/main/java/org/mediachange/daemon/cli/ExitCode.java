package org.mediachange.daemon.cli;

import org.mediachange.common.cli.ExitStatus;

/** Exit codes of {@code mediachanged}; {@code --help}, the man page and the README list them from here. */
public enum ExitCode implements ExitStatus {
    /** Stopped normally; or set-password did what was asked. */
    OK(0, "Stopped normally; set-password: done."),
    /** Could not start serving, e.g. the port is in use; or set-password changed nothing. */
    FAILURE(1, "Could not start: the address could not be bound, another daemon uses the state directory, or"
            + " another fatal error; set-password: nothing"
            + " changed (bad name, empty or mismatched password, a problem with the operators file)."),
    /** Bad command line or configuration file; also what --check-config says about them. */
    USAGE(2, "Usage error: a bad option or value, on the command line or in the configuration file;"
            + " --check-config: also an audit log or state directory it cannot write."),
    /** {@code DISPLAY} is not set, so no dialog could ever be shown. */
    NO_DISPLAY(3, "DISPLAY is not set (set it, and XAUTHORITY if needed, to the operator's display)."),
    /** Stopped by SIGTERM; systemd units list it as success. */
    TERMINATED(143, "Stopped by SIGTERM (128+15), the normal way to stop it.");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
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
