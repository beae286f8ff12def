package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * {@code mediachangec HOST1,HOST2 MESSAGE} from the outside: the real client
 * launcher asks real daemons at once, the operators' room on the test's X
 * display and the night desk on a second Xvfb of its own, so each dialog is
 * told apart by its display; answering one with xdotool ends the client and
 * withdraws the other request, whose dialog closes. Also one host down, all
 * down, a signed request, and the original Perl daemon as one of the hosts.
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class})
@Timeout(180)
class SeveralConsolesIT {

    /** The bound for the losing console's dialog to close once the client has its answer. */
    private static final long CLOSES_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    private Outside outside;
    private Path work;

    @BeforeEach
    void setUp(Outside outside) {
        this.outside = outside;
        this.work = outside.work();
    }

    private static String hosts(int... ports) {
        List<String> parts = new ArrayList<>();
        for (int p : ports) {
            parts.add("127.0.0.1:" + p);
        }
        return String.join(",", parts);
    }

    @Test
    void okOnOneConsoleEndsTheClientAndClosesTheOtherDialog() throws Exception {
        try (XServer nightDisplay = new XServer().start()) {
            Map<String, String> night = Map.of("DISPLAY", nightDisplay.display());
            try (Outside.Daemon ops = outside.daemon("--allow", "127.0.0.0/8");
                    Outside.Daemon desk = outside.daemon(night, "--allow", "127.0.0.0/8");
                    Launched c = outside.client(hosts(ops.port(), desk.port()), "Load", "tape", "set", "B")) {
                outside.awaitDialog();
                outside.xdotool(night, "search", "--sync", "--onlyvisible", "--name", "^mediachanged: message from");
                outside.answer(night, "Return");
                assertThat(c.exitCode(20)).isZero();
                long answered = System.nanoTime();
                assertThat(c.stdout()).isEqualTo("Ok\n");
                assertThat(c.stderr()).isEmpty();
                assertThat(desk.process().awaitStdout("outcome=ok ", 10)).contains("msg=\"Load tape set B\"");
                assertDialogClosesInTime(Map.of(), answered, ops);
                assertThat(ops.process().awaitStdout("outcome=withdrawn ", 10)).contains("msg=\"Load tape set B\"");
                assertThat(ops.process().stdout()).doesNotContain("outcome=ok ").doesNotContain("outcome=cancel ");
            }
        }
    }

    @Test
    void signedRequestToTwoConsolesCancelOnOne() throws Exception {
        Path key = work.resolve("mediachange.key");
        Files.writeString(key, "c2hhcmVkIHNlY3JldCBmb3IgdGhlIHRlc3Qgb25seQ==\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        try (XServer nightDisplay = new XServer().start()) {
            Map<String, String> night = Map.of("DISPLAY", nightDisplay.display());
            try (Outside.Daemon ops = outside.daemon("--allow", "127.0.0.0/8", "--key-file", key.toString());
                    Outside.Daemon desk = outside.daemon(night, "--allow", "127.0.0.0/8", "--key-file",
                            key.toString());
                    Launched c = outside.client("--key-file", key.toString(), hosts(ops.port(), desk.port()),
                            "signed for both")) {
                outside.xdotool(night, "search", "--sync", "--onlyvisible", "--name", "^mediachanged: message from");
                outside.answer("Escape");
                assertThat(c.exitCode(20)).isEqualTo(1);
                long answered = System.nanoTime();
                assertThat(c.stdout()).isEqualTo("Cancel\n");
                assertThat(c.stderr()).isEmpty();
                assertThat(ops.process().awaitStdout("outcome=cancel ", 10)).contains("msg=\"signed for both\"");
                assertDialogClosesInTime(night, answered, desk);
                assertThat(desk.process().awaitStdout("outcome=withdrawn ", 10)).contains("msg=\"signed for both\"");
            }
        }
    }

    @Test
    void oneConsoleDownTheOtherAnswers() throws Exception {
        int down = Outside.freePort();
        try (Outside.Daemon ops = outside.daemon("--allow", "127.0.0.0/8");
                Launched c = outside.client(hosts(down, ops.port()), "Load tape set B")) {
            outside.awaitDialog();
            String waiting = "; still waiting for 127.0.0.1:" + ops.port();
            c.awaitStderr(waiting, 20);
            assertThat(c.process().isAlive()).as("still waiting for the console that is up").isTrue();
            outside.answer("Escape");
            assertThat(c.exitCode(20)).isEqualTo(1);
            assertThat(c.stdout()).isEqualTo("Cancel\n");
            assertThat(c.stderr()).startsWith("mediachangec: cannot reach the daemon at 127.0.0.1:" + down + ": ")
                    .endsWith(waiting + "\n").hasLineCount(1);
        }
    }

    @Test
    void allConsolesDownExitsFive() throws Exception {
        int first = Outside.freePort();
        int second = Outside.freePort();
        try (Launched c = outside.client("--connect-timeout", "3s", hosts(first, second), "anyone?")) {
            assertThat(c.exitCode(20)).isEqualTo(5);
            assertThat(c.stdout()).isEmpty();
            List<String> err = c.stderr().lines().toList();
            assertThat(err).hasSize(2).allMatch(l -> l.startsWith("mediachangec: cannot reach the daemon at 127.0.0.1:"));
            assertThat(err.get(0)).contains("; still waiting for 127.0.0.1:");
            assertThat(err.get(1)).doesNotContain("still waiting");
        }
    }

    @Test
    void theOriginalPerlDaemonAnswersAndTheOtherDialogCloses() throws Exception {
        try (OriginalDaemon perl = OriginalDaemon.start(outside);
                Outside.Daemon ops = outside.daemon("--allow", "127.0.0.0/8");
                Launched c = outside.client(hosts(perl.port(), ops.port()), "Bänd 3 – テープ")) {
            outside.awaitDialog();
            assertThat(perl.awaitDialog()).isEqualTo("Bänd 3 – テープ");
            perl.answer("Ok");
            assertThat(c.exitCode(20)).isZero();
            long answered = System.nanoTime();
            assertThat(c.stdout()).isEqualTo("Ok\n");
            assertThat(c.stderr()).isEmpty();
            assertDialogClosesInTime(Map.of(), answered, ops);
            assertThat(ops.process().awaitStdout("outcome=withdrawn ", 10)).contains("msg=\"Bänd 3 – テープ\"");
        }
    }

    @Test
    void theNewDaemonAnswersWhileTheOriginalPerlDaemonStillShowsTheRequest() throws Exception {
        try (OriginalDaemon perl = OriginalDaemon.start(outside);
                Outside.Daemon ops = outside.daemon("--allow", "127.0.0.0/8");
                Launched c = outside.client(hosts(ops.port(), perl.port()), "Load tape set B")) {
            assertThat(perl.awaitDialog()).isEqualTo("Load tape set B");
            outside.answer("Return");
            assertThat(c.exitCode(20)).isZero();
            assertThat(c.stdout()).isEqualTo("Ok\n");
            assertThat(c.stderr()).isEmpty();
            assertThat(ops.process().awaitStdout("outcome=ok ", 10)).contains("msg=\"Load tape set B\"");
        }
    }

    /**
     * The losing console's dialog (on the display in {@code env}) must be gone
     * within 2 s of the client having its answer, as the issue asks.
     */
    private void assertDialogClosesInTime(Map<String, String> env, long answeredNanos, Outside.Daemon loser)
            throws Exception {
        while (dialogVisible(env)) {
            long open = System.nanoTime() - answeredNanos;
            if (open >= CLOSES_WITHIN_NANOS) {
                throw new AssertionError(String.format("the other console's dialog still open %.0f ms after the"
                        + " client's exit; its daemon's log:%n%s%s", open / 1e6, loser.process().stdout(),
                        loser.process().stderr()));
            }
            Thread.sleep(20);
        }
        System.err.printf("SeveralConsolesIT: the other dialog was gone %.0f ms after the client's exit%n",
                (System.nanoTime() - answeredNanos) / 1e6);
    }

    /** Whether a mediachanged dialog is mapped on the display in {@code env} (the test's own if empty). */
    private static boolean dialogVisible(Map<String, String> env) throws Exception {
        for (int attempt = 1; ; attempt++) {
            ProcessBuilder pb = new ProcessBuilder("timeout", "20", "xdotool", "search", "--onlyvisible", "--name",
                    "^mediachanged: message from").redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("xdotool search hangs");
            }
            // A window closing during the search makes xdotool fail with BadWindow: look again.
            if (!output.contains("BadWindow") || attempt == 3) {
                return p.exitValue() == 0 && !output.isBlank();
            }
        }
    }
}
