package org.mediachange.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The end-to-end tests drive the programs with xdotool, nc and perl. Without
 * them the class is skipped with a message, except when {@code CI=true}, where
 * that is a failure ({@code .ci/run} installs them).
 */
public final class RequiresTools implements BeforeAllCallback {

    private static final List<String> TOOLS = List.of("xdotool", "nc", "perl", "timeout");

    @Override
    public void beforeAll(ExtensionContext context) {
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String what = context.getDisplayName() + ": missing " + String.join(", ", missing);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and the end-to-end tests cannot run: " + what);
        }
        System.err.println("*** SKIPPED END-TO-END TESTS " + what);
        Assumptions.abort(what);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
