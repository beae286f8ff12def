package org.mediachange.daemon.testing;

import java.awt.GraphicsEnvironment;
import java.awt.Toolkit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For GUI test classes ({@code @ExtendWith(RequiresDisplay.class)}): without a
 * usable X display the class is skipped with a message on stderr, except when
 * {@code CI=true}, where a missing display fails the build, so GUI tests can
 * never silently stop running in CI. {@code scripts/test} starts Xvfb.
 */
public final class RequiresDisplay implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        String problem = problem();
        if (problem != null) {
            RequiredByTests.missing(context, "GUI tests", problem, "run scripts/test, which starts Xvfb");
        }
    }

    private static String problem() {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isEmpty()) {
            return "DISPLAY is not set";
        }
        if (GraphicsEnvironment.isHeadless()) {
            return "Java is headless";
        }
        try {
            Toolkit.getDefaultToolkit().getScreenSize();
            return null;
        } catch (Error e) {
            return "cannot open DISPLAY=" + display + ": " + e.getMessage();
        }
    }
}
