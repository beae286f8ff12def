package org.mediachange.daemon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that need Debian's Python with {@code python3-prometheus-client}
 * ({@code /usr/bin/python3}; the independent parser of {@code /metrics}, and a
 * stand-in for systemd's notification socket): without it the class is skipped
 * with a message on stderr, except when {@code CI=true}, where it fails
 * ({@code .ci/run} installs both).
 */
public final class RequiresPython implements BeforeAllCallback {

    /** Debian's interpreter: its dist-packages hold python3-prometheus-client. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    @Override
    public void beforeAll(ExtensionContext context) {
        String problem = problem();
        if (problem != null) {
            RequiredByTests.missing(context, "Python tests", problem,
                    "apt-get install python3 python3-prometheus-client");
        }
    }

    private static String problem() {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " is missing";
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import prometheus_client.parser")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "python3-prometheus-client is missing";
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
