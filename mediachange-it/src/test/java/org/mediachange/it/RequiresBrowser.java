package org.mediachange.it;

import java.util.List;

/** The browser tests drive Debian's chromium through chromedriver (see {@link RequiresCommands}). */
public final class RequiresBrowser extends RequiresCommands {

    /** Needs chromium and chromedriver. */
    public RequiresBrowser() {
        super("browser tests", List.of("chromium", "chromedriver"));
    }
}
