package org.mediachange.daemon.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the {@code Requires...} extensions do when something a test class needs
 * is missing: skip the class with a message on stderr, except when
 * {@code CI=true}, where it fails ({@code .ci/run} installs everything), so
 * tests can never silently stop running in CI.
 */
public final class RequiredByTests {

    private RequiredByTests() {
    }

    /**
     * Fails (under {@code CI=true}) or skips the class of {@code context}, whose {@code tests}
     * (e.g. "GUI tests") cannot run because of {@code problem}; {@code hint}, if not empty, says
     * how to get what is missing.
     */
    public static void missing(ExtensionContext context, String tests, String problem, String hint) {
        String what = context.getDisplayName() + ": " + problem;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and the " + tests + " cannot run: " + what);
        }
        System.err.println("*** SKIPPED " + tests.toUpperCase(Locale.ROOT) + " " + what
                + (hint.isEmpty() ? "" : " (" + hint + ")"));
        Assumptions.abort(what);
    }
}
