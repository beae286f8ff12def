package org.mediachange.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The package and hook tests unpack archives and run man, bash, GNU tar, dump and
 * start-stop-daemon. Without one of them the class is skipped with a message,
 * except when {@code CI=true}, where that is a failure ({@code .ci/run} installs
 * them), as with {@link RequiresTools}.
 */
public final class RequiresPackageTools implements BeforeAllCallback {

    private static final List<String> TOOLS = List.of("tar", "gzip", "dpkg-deb", "man", "bash", "systemd-analyze",
            "start-stop-daemon", "mke2fs", "dump", "restore", "losetup");

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
            fail("CI=true and the package tests cannot run: " + what);
        }
        System.err.println("*** SKIPPED PACKAGE TESTS " + what);
        Assumptions.abort(what);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        // sbin too: the tests run as root in CI, but a developer's PATH may lack it.
        for (String dir : (path + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin")
                .split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
