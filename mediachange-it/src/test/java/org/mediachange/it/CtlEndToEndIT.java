package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * mediachangectl end to end (issue 11, item 4): the real launchers, scripts/
 * mediachanged with its web console ({@code --web}) and its dialog on the X
 * display, requests from scripts/mediachangec, and scripts/mediachangectl
 * answering them, watching them, and being refused.
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class})
@Timeout(180)
class CtlEndToEndIT {

    private static final String ALICE_PASSWORD = "correct horse battery";
    private static final String BOB_PASSWORD = "staple 42 staple";

    private Outside outside;
    private Path work;
    private Outside.Daemon daemon;
    private String url;

    @BeforeEach
    void startDaemonWithItsWebConsole(Outside outside) throws Exception {
        this.outside = outside;
        this.work = outside.work();
        Path operators = work.resolve("operators");
        for (String[] op : new String[][] {{"alice", ALICE_PASSWORD}, {"bob", BOB_PASSWORD}}) {
            // The password as one line on standard input, as a script would set it.
            Outside.Ran set = outside.run(Map.of("PW", op[1]), List.of("sh", "-c", "printf '%s\\n' \"$PW\" | \"$0\""
                    + " --operators \"$1\" --set-password \"$2\"", outside.script("mediachanged").toString(),
                    operators.toString(), op[0]), 60);
            assertThat(set.code()).as("--set-password " + op[0] + ": " + set.err()).isZero();
        }
        int webPort = Outside.freePort();
        daemon = outside.daemon("--allow", "127.0.0.0/8", "--web", "127.0.0.1:" + webPort, "--operators",
                operators.toString());
        url = "http://127.0.0.1:" + webPort;
        // The console starts with the daemon; give it a moment if it is not quite up yet.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ctl(alice(), "list").code() == 5 && System.nanoTime() - end < 0) {
            Thread.sleep(200);
        }
    }

    @AfterEach
    void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    private Map<String, String> alice() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", work.toString());
        env.put("USER", "alice");
        env.put("MEDIACHANGE_PASSWORD", ALICE_PASSWORD);
        return env;
    }

    private Map<String, String> bob() {
        Map<String, String> env = alice();
        env.put("USER", "bob");
        env.put("MEDIACHANGE_PASSWORD", BOB_PASSWORD);
        return env;
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(outside.script("mediachangectl").toString()));
        cmd.add(args[0]);
        cmd.addAll(List.of("--url", url));
        cmd.addAll(List.of(args).subList(1, args.length));
        return cmd;
    }

    private Outside.Ran ctl(Map<String, String> env, String... args) throws Exception {
        return outside.run(env, command(args), 60);
    }

    private Launched client(String message) throws Exception {
        return outside.client("127.0.0.1", "-p", Integer.toString(daemon.port()), message);
    }

    /** Waits (at most 20 s) until list shows a pending request with {@code message}; its id. */
    private long awaitPending(String message) throws Exception {
        Pattern line = Pattern.compile("(?m)^(\\d+)  pending  \\S+  .*  " + Pattern.quote(message) + "$");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Outside.Ran list = ctl(alice(), "list");
            assertThat(list.code()).as(list.err()).isZero();
            Matcher m = line.matcher(list.out());
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no pending request '" + message + "' in: " + list.out());
            }
            Thread.sleep(200);
        }
    }

    /**
     * Someone on this machine guesses alice's password without pause; mediachangectl, which has
     * logged in as alice before (its device token in the state directory), is not held up, while a
     * mediachangectl that never logged in here (another state directory) is refused like the guesser.
     */
    @Test
    void aMediachangectlThatLoggedInBeforeGetsInWhileSomeoneGuessesFromTheSameMachine() throws Exception {
        assertThat(ctl(alice(), "list").code()).isZero();
        assertThat(work.resolve("state/mediachange/device-tokens")).content().startsWith(url + "/ alice ");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        long attackEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<Thread> attackers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread a = new Thread(() -> {
                for (int n = 0; n < 200_000 && !stop.get() && System.nanoTime() - attackEnd < 0; n++) {
                    try {
                        int status = http.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                                .header("X-Requested-By", "mediachange").timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"name\":\"alice\",\"password\":\"guess " + n + "\"}")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        statuses.merge(status, 1, Integer::sum);
                        if (status == 429) {
                            refused.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }, "guesser-" + t);
            a.start();
            attackers.add(a);
        }
        try {
            // Six failures in a row: the address now waits 8 s between two checks of its guesses.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (statuses.getOrDefault(401, 0) < 6 && System.nanoTime() - end < 0) {
                Thread.sleep(20);
            }
            assertThat(statuses.getOrDefault(401, 0)).as("failures of the guesser").isGreaterThanOrEqualTo(6);
            Map<String, String> newcomer = alice();
            newcomer.put("XDG_STATE_HOME", work.resolve("newcomer").toString());
            Outside.Ran held = ctl(newcomer, "list");
            assertThat(held.code()).isEqualTo(4);
            assertThat(held.err()).contains("too many failed logins from this address")
                    .contains("a browser or mediachangectl that has logged in as this operator before is not held up");
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                Outside.Ran r = ctl(alice(), "list");
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                assertThat(r.code()).as("run %d: %s", i, r.err()).isZero();
            }
            System.out.printf("mediachangectl list under attack (guesses: %s, %d failed): %s ms each, JVM start"
                    + " included%n", statuses, failed.get(), millis);
            assertThat(refused.get()).isPositive();
        } finally {
            stop.set(true);
            for (Thread a : attackers) {
                a.join(30_000);
            }
        }
    }

    @Test
    void okAnswersTheRequestAndASecondOkExitsOneSayingWhoAnswered() throws Exception {
        try (Launched c = client("Please mount volume 3")) {
            long id = awaitPending("Please mount volume 3");
            Outside.Ran ok = ctl(alice(), "ok", Long.toString(id));
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).isEqualTo("request " + id + " answered Ok\n");
            assertThat(c.exitCode(20)).isZero();
            assertThat(c.stdout()).isEqualTo("Ok\n");
            assertThat(daemon.process().awaitStdout("outcome=ok ", 10)).contains("id=" + id + " by=web:alice");

            Outside.Ran second = ctl(bob(), "ok", Long.toString(id));
            assertThat(second.code()).isEqualTo(1);
            assertThat(second.out()).isEmpty();
            assertThat(second.err()).isEqualTo("mediachangectl: request " + id + " was already answered Ok by alice\n");

            assertThat(ctl(alice(), "list").out()).containsPattern("(?m)^" + id + "  ok by alice  \\d+s ago  .*"
                    + "  Please mount volume 3$");
        }
    }

    @Test
    void cancelAnswersCancel() throws Exception {
        try (Launched c = client("Tape full")) {
            long id = awaitPending("Tape full");
            Outside.Ran cancel = ctl(bob(), "cancel", Long.toString(id));
            assertThat(cancel.code()).as(cancel.err()).isZero();
            assertThat(c.exitCode(20)).isEqualTo(1);
            assertThat(c.stdout()).isEqualTo("Cancel\n");
        }
    }

    @Test
    void aRequestAnsweredInTheDialogIsAnsweredThereAndOkExitsOne() throws Exception {
        try (Launched c = client("answer me in the dialog")) {
            long id = awaitPending("answer me in the dialog");
            outside.answer("Return");
            assertThat(c.exitCode(20)).isZero();
            daemon.process().awaitStdout("outcome=ok ", 10);
            Outside.Ran late = ctl(alice(), "cancel", Long.toString(id));
            assertThat(late.code()).isEqualTo(1);
            assertThat(late.err()).isEqualTo("mediachangectl: request " + id
                    + " was already answered Ok on the console dialog\n");
        }
    }

    @Test
    void watchShowsRequestsComingAndGoingAndSigtermEndsItWithZero() throws Exception {
        Map<String, String> env = alice();
        env.put("TZ", "UTC");
        try (Launched watch = outside.start(env, command("watch"))) {
            try (Launched c = client("watch this")) {
                String out = watch.awaitStdout("  pending  ", 30);
                assertThat(out).containsPattern("^\\d\\d:\\d\\d:\\d\\d  \\d+  pending  .*  watch this\n$");
                long id = awaitPending("watch this");
                assertThat(ctl(bob(), "ok", Long.toString(id)).code()).isZero();
                assertThat(c.exitCode(20)).isZero();
                assertThat(watch.awaitStdout("ok by bob", 20)).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d  " + id
                        + "  ok by bob  .*  watch this$");
            }
            watch.process().destroy(); // SIGTERM
            assertThat(watch.exitCode(20)).isZero();
            assertThat(watch.stdout().lines()).hasSize(2);
            assertThat(watch.stderr()).isEmpty();
        }
    }

    @Test
    void aWrongPasswordExitsFourAndAnUnknownIdThree() throws Exception {
        Map<String, String> wrong = alice();
        wrong.put("MEDIACHANGE_PASSWORD", "not the password");
        Outside.Ran refused = ctl(wrong, "list");
        assertThat(refused.code()).isEqualTo(4);
        assertThat(refused.err()).isEqualTo("mediachangectl: login as alice at " + url
                + "/ failed: wrong name or password\n");

        Outside.Ran unknown = ctl(alice(), "ok", "999999");
        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.err()).isEqualTo("mediachangectl: there is no request 999999\n");
    }
}
