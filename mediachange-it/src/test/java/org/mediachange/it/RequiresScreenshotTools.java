package org.mediachange.it;

import java.util.List;

/** Tests that look at the screen take screenshots with xwd (x11-utils); see {@link RequiresCommands}. */
public final class RequiresScreenshotTools extends RequiresCommands {

    /** Needs xwd and Xvfb. */
    public RequiresScreenshotTools() {
        super("screenshot tests", List.of("xwd", "Xvfb"));
    }
}
