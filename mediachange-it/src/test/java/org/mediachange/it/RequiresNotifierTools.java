package org.mediachange.it;

import java.util.List;

/**
 * The ready-made notifiers run curl (ntfy, webhook), bash and base64 (mail); their
 * tests unpack the tarball with tar (see {@link RequiresCommands}).
 */
public final class RequiresNotifierTools extends RequiresCommands {

    /** Needs curl, bash, base64 and tar. */
    public RequiresNotifierTools() {
        super("notifier tests", List.of("curl", "bash", "base64", "tar"));
    }
}
