package org.mediachange.daemon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.testing.LogCapture;

/** Runs of real programs: one log line each, output capped and escaped, bounded in number. */
@Timeout(60)
class CommandRunnerTest {

    private static NotifyConfig config(int running, int queued, int output) {
        return new NotifyConfig(List.of(), NotifyConfig.RUN_LIMIT, running, queued, output);
    }

    private static CommandRunner.Run sh(String what, String script) {
        return new CommandRunner.Run(what, List.of("/bin/sh", "-c", script, "sh", "secret-argument"),
                Map.of("PATH", "/usr/bin:/bin"));
    }

    @Test
    void aFailingCommandIsLoggedWithItsExitCodeAndEscapedOutput() throws Exception {
        try (LogCapture log = new LogCapture(Notifier.LOGGER_NAME); CommandRunner runner = new CommandRunner(
                config(4, 4, 4096))) {
            runner.submit(sh("request 3 new", "printf 'no route\\033]0;pwned\\007\\n' >&2; exit 3"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(log.lines()).singleElement().asString()
                    .matches("WARN request 3 new: /bin/sh exited 3 after [0-9.]+ s, output: \"no route"
                            + "\\\\x1B]0;pwned\\\\x07\"")
                    .doesNotContain("secret-argument");
        }
    }

    @Test
    void outputBeyondTheCapIsCountedNotKept() throws Exception {
        try (LogCapture log = new LogCapture(Notifier.LOGGER_NAME); CommandRunner runner = new CommandRunner(
                config(4, 4, 100))) {
            // 200 000 bytes: far more than a pipe holds, so a runner that stopped reading would hang it.
            runner.submit(sh("request 4 new", "head -c 200000 /dev/zero | tr '\\0' a")).get(10, TimeUnit.SECONDS);
            assertThat(log.lines()).singleElement().asString().startsWith("INFO request 4 new: /bin/sh exited 0 after ")
                    .endsWith(", output: \"" + "a".repeat(100) + " [199900 more bytes not kept]\"");
        }
    }

    @Test
    void aProgramThatCannotStartIsLogged() throws Exception {
        try (LogCapture log = new LogCapture(Notifier.LOGGER_NAME); CommandRunner runner = new CommandRunner(
                config(4, 4, 4096))) {
            runner.submit(new CommandRunner.Run("request 5 closed", List.of("/nonexistent/notify"), Map.of()))
                    .get(10, TimeUnit.SECONDS);
            assertThat(log.lines()).singleElement().asString()
                    .startsWith("WARN request 5 closed: /nonexistent/notify could not be started: ")
                    .contains("No such file or directory");
        }
    }

    @Test
    void runsBeyondTheRunningAndWaitingBoundsAreDroppedNotQueued() throws Exception {
        try (LogCapture log = new LogCapture(Notifier.LOGGER_NAME); CommandRunner runner = new CommandRunner(
                config(1, 1, 4096))) {
            CompletableFuture<Void> first = runner.submit(sh("request 1 new", "sleep 1"));
            CompletableFuture<Void> second = runner.submit(sh("request 2 new", "true"));
            CompletableFuture<Void> third = runner.submit(sh("request 3 new", "true"));
            // Dropped at once, while the first still runs.
            assertThat(third).isDone();
            assertThat(log.lines()).containsExactly(
                    "WARN request 3 new: /bin/sh not run: 1 runs going and 1 waiting already, the most allowed");
            CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
            assertThat(log.lines()).hasSize(3).anyMatch(l -> l.startsWith("INFO request 2 new: /bin/sh exited 0"));
        }
    }

    @Test
    void closingKillsWhatIsStillRunningAfterTheGrace(@TempDir Path dir) throws Exception {
        try (LogCapture log = new LogCapture(Notifier.LOGGER_NAME)) {
            CommandRunner runner = new CommandRunner(config(2, 2, 4096));
            Path started = dir.resolve("started");
            runner.submit(sh("request 6 reminder", "echo begun; touch '" + started + "'; exec sleep 300"));
            for (int i = 0; i < 1000 && !Files.exists(started); i++) {
                Thread.sleep(10);
            }
            runner.close(Duration.ofMillis(200));
            assertThat(log.await(" killed ", 10)).matches(
                    "WARN request 6 reminder: /bin/sh killed after [0-9.]+ s: the daemon is stopping, output: \"begun\"");
        }
    }
}
