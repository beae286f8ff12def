package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * {@code mediachangectl status} against scripts/mediachanged with its web
 * console (issue 19): exit 0 and "healthy" with the X display there, exit 1 and
 * "degraded" with the problem when no X server answers at DISPLAY, exit 5
 * when nothing listens; the waiting requests and their age either way.
 */
@ExtendWith({RequiresDisplay.class, RequiresTools.class})
@Timeout(180)
class CtlStatusIT {

    @TempDir
    Path work;

    private Map<String, String> operator() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", work.toString());
        env.put("USER", WebSetup.NAME);
        env.put("MEDIACHANGE_PASSWORD", WebSetup.PASSWORD);
        return env;
    }

    private Outside.Ran status(Outside outside, String url) throws Exception {
        return outside.run(operator(), List.of(outside.script("mediachangectl").toString(), "status", "--url", url),
                60);
    }

    @Test
    void healthyWithTheDisplayAndARequestWaiting() throws Exception {
        Outside outside = new Outside(work);
        Path operators = WebSetup.operators(outside);
        int web = Outside.freePort();
        try (Outside.Daemon daemon = outside.daemon("--allow", "127.0.0.0/8", "--web", "127.0.0.1:" + web,
                "--operators", operators.toString())) {
            String url = "http://127.0.0.1:" + web;
            // No dialog process before the first request (--dialog-keep-warm): idle, and healthy.
            Outside.Ran idle = awaitStatus(outside, url, r -> r.out().contains("dialog: "));
            assertThat(idle.code()).as(idle.err()).isZero();
            assertThat(idle.out()).startsWith("mediachanged " + Artifacts.VERSION + ": healthy\n")
                    .containsPattern("(?m)^up \\d+s$")
                    .contains("dialog: idle on DISPLAY=" + System.getenv("DISPLAY") + ", display answering\n")
                    .endsWith("pending: 0\n");
            try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(daemon.port()),
                    "Please mount volume 5")) {
                outside.awaitDialog();
                Thread.sleep(1100);
                Outside.Ran waiting = status(outside, url);
                assertThat(waiting.code()).isZero();
                assertThat(waiting.out()).contains("dialog: ready on DISPLAY=" + System.getenv("DISPLAY")
                        + ", display answering\n").containsPattern("(?m)^pending: 1, the oldest waiting for \\d+s$");
            }
        }
    }

    @Test
    void degradedWithoutADisplayAndUnreachableWithoutADaemon() throws Exception {
        Outside outside = new Outside(work);
        Path operators = WebSetup.operators(outside);
        int web = Outside.freePort();
        String noDisplay = ":" + unusedDisplay();
        try (Outside.Daemon daemon = outside.daemon(Map.of("DISPLAY", noDisplay), "--allow", "127.0.0.0/8", "--web",
                "127.0.0.1:" + web, "--operators", operators.toString())) {
            String url = "http://127.0.0.1:" + web;
            Outside.Ran degraded = awaitStatus(outside, url, r -> r.code() == 1);
            assertThat(degraded.code()).isEqualTo(1);
            assertThat(degraded.out()).startsWith("mediachanged " + Artifacts.VERSION + ": degraded\n"
                    + "problem: no X server answers at DISPLAY=" + noDisplay + ": requests are not shown there"
                    + " (they can be answered in the web console)\n")
                    .contains("dialog: idle on DISPLAY=" + noDisplay + ", display not answering\n");
            assertThat(degraded.err()).isEmpty();
            try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(daemon.port()),
                    "Please mount volume 5")) {
                Outside.Ran waiting = awaitStatus(outside, url, r -> r.out().contains("pending: 1"));
                assertThat(waiting.code()).isEqualTo(1);
                assertThat(waiting.out()).contains("dialog: waiting-for-display on DISPLAY=" + noDisplay
                        + ", display not answering\n");
            }
        }
        Outside.Ran down = status(outside, "http://127.0.0.1:" + web);
        assertThat(down.code()).isEqualTo(5);
        assertThat(down.out()).isEmpty();
        assertThat(down.err()).startsWith("mediachangectl: cannot reach the web console at http://127.0.0.1:" + web);
    }

    /** A display number no X server has a socket for. */
    private static int unusedDisplay() {
        for (int n = 99; n > 50; n--) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                return n;
            }
        }
        throw new AssertionError("no unused display number");
    }

    /** Runs status until {@code done} (the console is up and the dialog settled), at most 30 s. */
    private Outside.Ran awaitStatus(Outside outside, String url, java.util.function.Predicate<Outside.Ran> done)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Outside.Ran r = status(outside, url);
            if (done.test(r) || System.nanoTime() - end > 0) {
                return r;
            }
            Thread.sleep(300);
        }
    }
}
