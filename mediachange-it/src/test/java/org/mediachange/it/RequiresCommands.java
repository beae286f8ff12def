package org.mediachange.it;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mediachange.daemon.testing.RequiredByTests;

/**
 * Base of the extensions that need outside programs: without one of them the
 * test class is skipped with a message on stderr, except when {@code CI=true},
 * where that is a failure ({@code .ci/run} installs them), so tests can never
 * silently stop running in CI.
 */
abstract class RequiresCommands implements BeforeAllCallback {

    private final String what;
    private final List<String> commands;

    /** {@code what} names the tests in messages, e.g. "end-to-end tests". */
    RequiresCommands(String what, List<String> commands) {
        this.what = what;
        this.commands = List.copyOf(commands);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        List<String> missing = new ArrayList<>();
        for (String command : commands) {
            if (!onPath(command)) {
                missing.add(command);
            }
        }
        if (!missing.isEmpty()) {
            RequiredByTests.missing(context, what, "missing " + String.join(", ", missing), "");
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        // sbin too: the tests run as root in CI, but a developer's PATH may lack it.
        for (String dir : (path + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin")
                .split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
