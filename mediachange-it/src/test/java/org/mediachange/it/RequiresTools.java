package org.mediachange.it;

import java.util.List;

/** The end-to-end tests drive the programs with xdotool, nc and perl (see {@link RequiresCommands}). */
public final class RequiresTools extends RequiresCommands {

    /** Needs xdotool, nc, perl and timeout. */
    public RequiresTools() {
        super("end-to-end tests", List.of("xdotool", "nc", "perl", "timeout"));
    }
}
