package org.mediachange.it;

import java.util.List;

/** Tests that need a terminal run the program under util-linux's script, which gives it one. */
public final class RequiresTerminal extends RequiresCommands {

    /** Needs script. */
    public RequiresTerminal() {
        super("terminal tests", List.of("script"));
    }
}
