package org.mediachange.daemon.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.requests.BoardStorage;
import org.mediachange.daemon.requests.PendingRequest;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.testing.LogCapture;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RunningServer;

/**
 * The notifier on the real daemon (accept loop on loopback, scripted
 * operator) running real commands: a shell script that records its
 * environment, and scripts that hang. Durations are short; the waits for
 * what must happen are generous, and timing is judged by the request's age
 * as the daemon hands it over ({@code MEDIACHANGE_AGE_SECONDS}), never by the
 * test's own clock.
 */
@Timeout(60)
class NotifierTest {

    private static final AnswerUrls LINKS = new AnswerUrls() {
        @Override
        public Optional<String> consoleUrl() {
            return Optional.of("https://console.example:8443/");
        }

        @Override
        public Optional<String> okUrl(long id) {
            return Optional.of("https://console.example:8443/answer/" + id + "/ok-token");
        }

        @Override
        public Optional<String> cancelUrl(long id) {
            return Optional.of("https://console.example:8443/answer/" + id + "/cancel-token");
        }
    };

    @TempDir
    Path dir;

    private static NotifyConfig config(List<String> argv, Duration after, Duration every) {
        return new NotifyConfig(List.of(new NotifyCommand(argv, after, every)), NotifyConfig.RUN_LIMIT,
                NotifyConfig.MAX_RUNNING, NotifyConfig.MAX_QUEUED, NotifyConfig.MAX_OUTPUT);
    }

    private static long pendingId(RequestBoard board) throws InterruptedException {
        for (int i = 0; i < 500 && board.view().pending().isEmpty(); i++) {
            Thread.sleep(10);
        }
        return board.view().pending().get(0).id();
    }

    private static long age(Map<String, String> record) {
        return Long.parseLong(record.get("MEDIACHANGE_AGE_SECONDS"));
    }

    @Test
    void newAtOnceThenRemindersAtTheIntervalThenClosedWithTheOutcome() throws Exception {
        Recorder rec = Recorder.in(dir);
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator);
                Notifier n = Notifier.start(config(rec.command(), Duration.ZERO, Duration.ofSeconds(1)),
                        server.loop().board(), LINKS);
                Peer peer = Peer.connect(server.port())) {
            peer.send("mount volume 3\n");
            ScriptedOperator.Shown shown = operator.next(5);
            long id = pendingId(server.loop().board());

            Map<String, String> first = rec.await("new", 1, 10).get(0);
            assertThat(first).containsEntry("MEDIACHANGE_EVENT", "new")
                    .containsEntry("MEDIACHANGE_ID", Long.toString(id))
                    .containsEntry("MEDIACHANGE_MESSAGE", "mount volume 3")
                    .containsEntry("MEDIACHANGE_HOST", "127.0.0.1")
                    .containsEntry("MEDIACHANGE_PEER", "127.0.0.1")
                    // within 1 s of the request, as the daemon counts it
                    .containsEntry("MEDIACHANGE_AGE_SECONDS", "0")
                    .containsEntry("MEDIACHANGE_OUTCOME", "")
                    .containsEntry("MEDIACHANGE_CONSOLE_URL", "https://console.example:8443/")
                    .containsEntry("MEDIACHANGE_OK_URL", "https://console.example:8443/answer/" + id + "/ok-token")
                    .containsEntry("MEDIACHANGE_CANCEL_URL",
                            "https://console.example:8443/answer/" + id + "/cancel-token")
                    .containsEntry("CWD", "/")
                    .containsEntry("STDIN", "/dev/null");

            List<Map<String, String>> reminders = rec.await("reminder", 3, 15);
            for (int i = 0; i < reminders.size(); i++) {
                // The k-th reminder comes k intervals after the first notification, never earlier.
                assertThat(age(reminders.get(i))).as("age of reminder " + (i + 1)).isGreaterThanOrEqualTo(i + 1);
                assertThat(reminders.get(i)).containsEntry("MEDIACHANGE_ID", Long.toString(id))
                        .containsEntry("MEDIACHANGE_MESSAGE", "mount volume 3")
                        .containsEntry("MEDIACHANGE_OUTCOME", "");
            }
            assertThat(reminders).extracting(NotifierTest::age).isSorted();

            shown.answer(Decision.OK);
            assertThat(peer.readAll()).isEqualTo("Ok\n");
            Map<String, String> closed = rec.await("closed", 1, 10).get(0);
            assertThat(closed).containsEntry("MEDIACHANGE_ID", Long.toString(id))
                    .containsEntry("MEDIACHANGE_OUTCOME", "ok")
                    .containsEntry("MEDIACHANGE_MESSAGE", "mount volume 3")
                    .containsEntry("MEDIACHANGE_CONSOLE_URL", "https://console.example:8443/")
                    // the request is over: its answer links are gone
                    .containsEntry("MEDIACHANGE_OK_URL", "")
                    .containsEntry("MEDIACHANGE_CANCEL_URL", "");
            assertThat(age(closed)).isGreaterThanOrEqualTo(3);

            // Closed is the last word: no reminder after it.
            Thread.sleep(2500);
            List<Map<String, String>> all = rec.records();
            assertThat(all.get(all.size() - 1)).containsEntry("MEDIACHANGE_EVENT", "closed");
            assertThat(rec.records("closed")).hasSize(1);
        }
    }

    @Test
    void newAndClosedOfAQuicklyAnsweredRequestRunInThatOrder() throws Exception {
        Recorder rec = Recorder.in(dir);
        try (RunningServer server = RunningServer.start(ScriptedOperator.always(Decision.CANCEL));
                Notifier n = Notifier.start(config(rec.command(), Duration.ZERO, Duration.ofSeconds(1)),
                        server.loop().board(), AnswerUrls.NONE);
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("quick one\n").readAll()).isEqualTo("Cancel\n");
            List<Map<String, String>> records = rec.await(r -> r.size() >= 2, 10);
            assertThat(records).extracting(r -> r.get("MEDIACHANGE_EVENT")).containsExactly("new", "closed");
            assertThat(records.get(1)).containsEntry("MEDIACHANGE_OUTCOME", "cancel");
            // Without a web console the link variables are there, and empty.
            assertThat(records.get(0)).containsEntry("MEDIACHANGE_CONSOLE_URL", "")
                    .containsEntry("MEDIACHANGE_OK_URL", "").containsEntry("MEDIACHANGE_CANCEL_URL", "");
        }
    }

    @Test
    void notifyAfterHoldsTheFirstBackAndARequestAnsweredBeforeCostsNothing() throws Exception {
        Recorder rec = Recorder.in(dir);
        ScriptedOperator operator = ScriptedOperator.scripted(
                r -> r.message().startsWith("quick") ? Optional.of(Decision.OK) : Optional.empty());
        try (RunningServer server = RunningServer.start(operator);
                Notifier n = Notifier.start(config(rec.command(), Duration.ofSeconds(2), Duration.ZERO),
                        server.loop().board(), AnswerUrls.NONE);
                Peer quick = Peer.connect(server.port());
                Peer slow = Peer.connect(server.port())) {
            assertThat(quick.send("quick question\n").readAll()).isEqualTo("Ok\n");
            // The reply goes out before the request leaves the pending list.
            RequestBoard board = server.loop().board();
            for (int i = 0; i < 500 && board.view().recent().isEmpty(); i++) {
                Thread.sleep(10);
            }
            long quickId = board.view().recent().get(0).id();
            slow.send("slow question\n");
            operator.next(5);
            ScriptedOperator.Shown shown = operator.next(5);

            Map<String, String> first = rec.await("new", 1, 10).get(0);
            assertThat(first).containsEntry("MEDIACHANGE_MESSAGE", "slow question");
            assertThat(age(first)).isGreaterThanOrEqualTo(2);
            shown.answer(Decision.CANCEL);
            assertThat(slow.readAll()).isEqualTo("Cancel\n");
            assertThat(rec.await("closed", 1, 10).get(0)).containsEntry("MEDIACHANGE_OUTCOME", "cancel")
                    .containsEntry("MEDIACHANGE_MESSAGE", "slow question");

            // The quick request's held-back notification was due 2 s after it, before the slow
            // one's: had it not been dropped, it would have run by now.
            Thread.sleep(500);
            assertThat(rec.records()).hasSize(2)
                    .noneMatch(r -> r.get("MEDIACHANGE_ID").equals(Long.toString(quickId)));
        }
    }

    @Test
    void aCommandThatHangsDoesNotDelayTheAnswer() throws Exception {
        Path hang = script("hang", """
                #!/bin/sh
                [ "$MEDIACHANGE_EVENT" = new ] || exit 0
                touch "$1/started"
                while [ ! -e "$1/release" ]; do sleep 0.05; done
                echo released
                """);
        ScriptedOperator operator = ScriptedOperator.holding();
        try (LogCapture log = new LogCapture(Notifier.LOGGER_NAME); RunningServer server = RunningServer.start(operator);
                Notifier n = Notifier.start(config(List.of(hang.toString(), dir.toString()), Duration.ZERO,
                        Duration.ZERO), server.loop().board(), AnswerUrls.NONE);
                Peer peer = Peer.connect(server.port())) {
            peer.send("mount volume 4\n");
            ScriptedOperator.Shown shown = operator.next(5);
            awaitFile(dir.resolve("started"));
            shown.answer(Decision.OK);
            assertThat(peer.readAll()).isEqualTo("Ok\n");
            // The command is still blocked (only the test can release it): the answer did not wait for it.
            assertThat(log.lines()).noneMatch(l -> l.contains(" new: "));

            Files.writeString(dir.resolve("release"), "", UTF_8);
            assertThat(log.await(" new: ", 10)).matches("INFO request \\d+ new: " + Pattern.quote(hang.toString())
                    + " exited 0 after [0-9.]+ s, output: \"released\"");
            assertThat(log.await(" closed: ", 10)).contains(" closed: " + hang + " exited 0 after ");
        }
    }

    @Test
    void noRemindersPileUpBehindARunThatIsStillGoing() throws Exception {
        Path blocking = script("blocking", """
                #!/bin/sh
                echo "$MEDIACHANGE_EVENT" >> "$1/events"
                while [ ! -e "$1/release" ]; do sleep 0.05; done
                """);
        ScriptedOperator operator = ScriptedOperator.holding();
        try (LogCapture log = new LogCapture(Notifier.LOGGER_NAME); RunningServer server = RunningServer.start(operator);
                Notifier n = Notifier.start(config(List.of(blocking.toString(), dir.toString()), Duration.ZERO,
                        Duration.ofMillis(200)), server.loop().board(), AnswerUrls.NONE);
                Peer peer = Peer.connect(server.port())) {
            peer.send("mount volume 6\n");
            ScriptedOperator.Shown shown = operator.next(5);
            long id = pendingId(server.loop().board());
            awaitFile(dir.resolve("events"));
            // Five reminders fall due while the first run blocks: each is dropped, not queued behind it.
            Thread.sleep(1000);
            shown.answer(Decision.OK);
            assertThat(peer.readAll()).isEqualTo("Ok\n");
            Files.writeString(dir.resolve("release"), "", UTF_8);
            log.await(" closed: ", 10);
            assertThat(Files.readAllLines(dir.resolve("events"), UTF_8)).containsExactly("new", "closed");
            assertThat(log.lines()).contains("WARN request " + id + " reminder: " + blocking
                    + " not run: its previous run is not over");
        }
    }

    @Test
    void aCommandThatRunsTooLongIsKilledWithItsChildrenAndClosedStillRuns() throws Exception {
        Path hang = script("hang", """
                #!/bin/sh
                [ "$MEDIACHANGE_EVENT" = new ] || { echo "no hang on $MEDIACHANGE_EVENT"; exit 0; }
                sleep 300 &
                echo $! > "$1/child.pid"
                echo "waiting for the child"
                wait
                """);
        ScriptedOperator operator = ScriptedOperator.holding();
        NotifyConfig config = config(List.of(hang.toString(), dir.toString()), Duration.ZERO, Duration.ZERO)
                .withRunLimit(Duration.ofSeconds(1));
        try (LogCapture log = new LogCapture(Notifier.LOGGER_NAME); RunningServer server = RunningServer.start(operator);
                Notifier n = Notifier.start(config, server.loop().board(), AnswerUrls.NONE);
                Peer peer = Peer.connect(server.port())) {
            peer.send("mount volume 5\n");
            ScriptedOperator.Shown shown = operator.next(5);
            long id = pendingId(server.loop().board());
            awaitFile(dir.resolve("child.pid"));
            ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("child.pid"), UTF_8)
                    .strip())).orElseThrow();

            assertThat(log.await(" killed ", 10)).isEqualTo("WARN request " + id + " new: " + hang
                    + " killed after 1s (the limit for a run), output: \"waiting for the child\"");
            child.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(child.isAlive()).isFalse();

            shown.answer(Decision.OK);
            assertThat(peer.readAll()).isEqualTo("Ok\n");
            assertThat(log.await(" closed: ", 10)).startsWith("INFO request " + id + " closed: " + hang + " exited 0")
                    .endsWith("output: \"no hang on closed\"");
        }
    }

    /** Non-ASCII text needs a UTF-8 locale; NotifiersIT sends it through the launcher, which sets one. */
    @Test
    void shellAndControlCharactersInTheMessageReachTheCommandAsOneHarmlessValue() throws Exception {
        Recorder rec = Recorder.in(dir);
        String message = "$(touch " + dir + "/pwned1) `touch " + dir + "/pwned2`; touch " + dir + "/pwned3 | cat"
                + " && echo \"quoted\" 'single' \\ back\u0007bell \u001b[31mred\ttab \u202eevil\u202c ${HOME}";
        try (RunningServer server = RunningServer.start(ScriptedOperator.always(Decision.OK));
                Notifier n = Notifier.start(config(rec.command(), Duration.ZERO, Duration.ZERO),
                        server.loop().board(), AnswerUrls.NONE);
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send(message + "\n").readAll()).isEqualTo("Ok\n");
            List<Map<String, String>> records = rec.await(r -> r.size() >= 2, 10);
            for (Map<String, String> r : records) {
                String value = r.get("MEDIACHANGE_MESSAGE");
                assertThat(value).isEqualTo(Escaper.forLog(message))
                        .contains("\\x07bell \\x1B[31mred\\ttab \\u202Eevil\\u202C")
                        .contains("echo \\\"quoted\\\" 'single' \\\\ back")
                        .doesNotContainPattern("[\\x00-\\x1f\\x7f\\u202a-\\u202e]");
            }
            assertThat(dir.resolve("pwned1")).doesNotExist();
            assertThat(dir.resolve("pwned2")).doesNotExist();
            assertThat(dir.resolve("pwned3")).doesNotExist();
        }
    }

    @Test
    void theDaemonsOwnMediachangeVariablesDoNotReachTheCommand() throws Exception {
        Recorder rec = Recorder.in(dir);
        Map<String, String> daemonEnv = new HashMap<>(System.getenv());
        daemonEnv.put("MEDIACHANGE_HOST", "left over for the client");
        daemonEnv.put("MEDIACHANGE_JAVA_OPTS", "-Xmx64m");
        daemonEnv.put("MEDIACHANGEC_OPTS", "--retry-for 10m");
        daemonEnv.put("mediachange_lower", "x");
        daemonEnv.put("NTFY_TOKEN", "tk_kept");
        try (RunningServer server = RunningServer.start(ScriptedOperator.always(Decision.OK));
                Notifier n = Notifier.start(config(rec.command(), Duration.ZERO, Duration.ZERO),
                        server.loop().board(), AnswerUrls.NONE, daemonEnv);
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("env check\n").readAll()).isEqualTo("Ok\n");
            Map<String, String> r = rec.await("new", 1, 10).get(0);
            assertThat(r).containsEntry("MEDIACHANGE_HOST", "127.0.0.1").containsEntry("NTFY_TOKEN", "tk_kept")
                    .containsEntry("PATH", System.getenv("PATH"))
                    .doesNotContainKeys("MEDIACHANGE_JAVA_OPTS", "MEDIACHANGEC_OPTS", "mediachange_lower");
            assertThat(r.keySet().stream().filter(k -> k.startsWith("MEDIACHANGE")).sorted()).containsExactly(
                    "MEDIACHANGE_AGE_SECONDS", "MEDIACHANGE_CANCEL_URL", "MEDIACHANGE_CONSOLE_URL",
                    "MEDIACHANGE_EVENT", "MEDIACHANGE_HOST", "MEDIACHANGE_ID", "MEDIACHANGE_MESSAGE",
                    "MEDIACHANGE_OK_URL", "MEDIACHANGE_OUTCOME", "MEDIACHANGE_PEER");
        }
    }

    @Test
    void aRequestSentAgainAfterARestartIsNotAnnouncedAgainItsRemindersGoOnAndItIsClosedOnce() throws Exception {
        Recorder rec = Recorder.in(dir);
        NotifyConfig cfg = config(rec.command(), Duration.ZERO, Duration.ofSeconds(2));
        RequestBoard before = new RequestBoard();
        long id;
        try (Notifier n = Notifier.start(cfg, before, AnswerUrls.NONE)) {
            id = before.open("192.0.2.5", "backup1", "mount volume 3").id();
            rec.await("new", 1, 10);
        } // the daemon stops: the request stays, no closed run
        assertThat(before.saved().waiting()).singleElement().satisfies(w -> assertThat(w.marks())
                .containsExactly(cfg.commands().get(0).mark()));

        RequestBoard after = new RequestBoard(Clock.systemUTC(), BoardStorage.inMemory(), before.saved());
        try (Notifier n = Notifier.start(cfg, after, AnswerUrls.NONE)) {
            PendingRequest back = after.open("192.0.2.5", "backup1", "mount volume 3");
            assertThat(back.id()).isEqualTo(id);
            Map<String, String> reminder = rec.await("reminder", 1, 10).get(0);
            assertThat(reminder).containsEntry("MEDIACHANGE_ID", Long.toString(id));
            assertThat(age(reminder)).as("the reminders keep their times, counted from the request's arrival")
                    .isGreaterThanOrEqualTo(2);
            back.resolve(Ending.answered(Decision.OK, Answerer.DIALOG));
            after.close(back, back.ending().orElseThrow(), true);
            assertThat(rec.await("closed", 1, 10).get(0)).containsEntry("MEDIACHANGE_ID", Long.toString(id))
                    .containsEntry("MEDIACHANGE_OUTCOME", "ok");
        }
        assertThat(rec.records("new")).as("no second new").hasSize(1);

        // A request whose client did not come back is closed when the daemon gives up on it.
        RequestBoard third = new RequestBoard(Clock.systemUTC(), BoardStorage.inMemory(), before.saved());
        try (Notifier n = Notifier.start(cfg, third, AnswerUrls.NONE)) {
            Thread.sleep(200); // the notifier subscribes on its own thread
            third.endReturning();
            assertThat(rec.await("closed", 2, 10).get(1)).containsEntry("MEDIACHANGE_ID", Long.toString(id))
                    .containsEntry("MEDIACHANGE_OUTCOME", "withdrawn");
        }
        assertThat(rec.records("new")).hasSize(1);
    }

    private Path script(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, UTF_8);
        p.toFile().setExecutable(true);
        return p;
    }

    private static void awaitFile(Path p) throws InterruptedException {
        for (int i = 0; i < 1000 && !Files.exists(p); i++) {
            Thread.sleep(10);
        }
        assertThat(p).exists();
    }
}
