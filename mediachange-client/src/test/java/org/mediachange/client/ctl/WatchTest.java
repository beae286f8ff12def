package org.mediachange.client.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code watch} against the stand-in console's live stream: a flushed line
 * per request as it comes and ends, a clean stop with 0, reconnection after
 * the stream is lost, ended or silent (bounded by {@code --retry-for}, then
 * 5), and no retrying after a refusal.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(StandInConsoles.class)
class WatchTest {

    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d";

    /** Started before each test and closed after it ({@link StandInConsoles}). */
    private StandInConsole console;
    private final Ctl ctl = new Ctl();

    @Test
    void printsWaitingRequestsThenEachThatComesOrEndsAndStopsWithZero() throws Exception {
        Instant received = Instant.parse("2026-11-30T01:02:03Z");
        long waiting = console.open("backup1", "192.168.1.5", "Please mount volume 3", received);
        try (Ctl.Running watch = ctl.start("watch", "--url", console.url())) {
            // Each line is flushed as it comes (Ctl buffers stdout like the real one).
            watch.awaitOut("Please mount volume 3\n", 10);
            assertThat(watch.out()).isEqualTo("01:02:03  " + waiting + "  pending  backup1 (192.168.1.5)"
                    + "  Please mount volume 3\n");

            long next = console.open("backup2", "10.0.0.2", "Insert tape B");
            watch.awaitOut("Insert tape B\n", 10);
            console.end(waiting, "ok", "web:bob");
            watch.awaitOut("ok by bob", 10);
            console.end(next, "timeout", null);
            watch.awaitOut("timeout", 10);

            assertThat(watch.out().lines().toList()).hasSize(4).satisfiesExactly(
                    l -> assertThat(l).startsWith("01:02:03  " + waiting + "  pending  "),
                    l -> assertThat(l).matches(TIME + "  " + next + "  pending  backup2 \\(10\\.0\\.0\\.2\\)"
                            + "  Insert tape B"),
                    l -> assertThat(l).matches(TIME + "  " + waiting + "  ok by bob  backup1 \\(192\\.168\\.1\\.5\\)"
                            + "  Please mount volume 3"),
                    l -> assertThat(l).matches(TIME + "  " + next + "  timeout  backup2 \\(10\\.0\\.0\\.2\\)"
                            + "  Insert tape B"));
            assertThat(watch.stop()).isZero();
            assertThat(watch.err()).isEmpty();
        }
    }

    @Test
    void aClosedEventWithoutTheRequestTakesItFromThePendingOneSeen() throws Exception {
        long id = console.open("backup1", "192.168.1.5", "Please mount volume 3");
        try (Ctl.Running watch = ctl.start("watch", "--url", console.url())) {
            watch.awaitOut("Please mount volume 3\n", 10);
            console.sendRaw("event: closed\ndata: {\"id\":" + id + ",\"outcome\":\"cancel\",\"by\":\"dialog\","
                    + "\"closed\":\"2026-11-30T01:05:00Z\"}\n\n");
            watch.awaitOut("cancel by dialog", 10);
            assertThat(watch.out().lines().toList().get(1))
                    .isEqualTo("01:05:00  " + id + "  cancel by dialog  backup1 (192.168.1.5)  Please mount volume 3");
            assertThat(watch.stop()).isZero();
        }
    }

    @Test
    void hostileTextIsEscapedAndUnknownEventsAreIgnored() throws Exception {
        try (Ctl.Running watch = ctl.start("watch", "--url", console.url())) {
            console.awaitStreamsOpened(1);
            console.sendRaw("event: something-new\ndata: {\"id\":1}\n\n: a comment\n\n");
            console.open("evil\u001B]2;owned\u0007", "10.0.0.9", "Mount\u001B[2J\r\n99  ok by root");
            watch.awaitOut("root\n", 10);
            assertThat(watch.out()).doesNotContain("\u001B").doesNotContain("\r").doesNotContain("\u0007")
                    .endsWith("  1  pending  evil\\x1B]2;owned\\x07 (10.0.0.9)  Mount\\x1B[2J\\r\\n99  ok by root\n");
            assertThat(watch.out().lines()).hasSize(1);
            assertThat(watch.stop()).isZero();
        }
    }

    @Test
    void afterALostStreamWhatHappenedMeanwhileIsShown() throws Exception {
        long answeredMeanwhile = console.open("backup1", "192.168.1.5", "volume 3");
        long stillWaiting = console.open("backup2", "10.0.0.2", "tape B");
        try (Ctl.Running watch = ctl.start("watch", "--url", console.url())) {
            watch.awaitOut("tape B\n", 10);
            // The stream ends and the console is busy for a while: things happen while watch is away.
            console.refuse(new StandInConsole.Refusal(503, "{\"error\":\"too many live streams\"}"));
            console.endStreams();
            watch.awaitErr("trying again", 10);
            console.end(answeredMeanwhile, "ok", "web:bob");
            long fresh = console.open("backup3", "10.0.0.3", "tape C");
            console.refuse(null);
            watch.awaitErr("reconnected to " + console.url() + "/", 20);
            watch.awaitOut("tape C\n", 10);
            assertThat(watch.out().lines().toList()).hasSize(4).satisfies(lines -> {
                assertThat(lines.get(2)).matches(TIME + "  " + answeredMeanwhile + "  ok by bob"
                        + "  backup1 \\(192\\.168\\.1\\.5\\)  volume 3");
                assertThat(lines.get(3)).matches(TIME + "  " + fresh + "  pending  backup3 \\(10\\.0\\.0\\.3\\)"
                        + "  tape C");
            });
            assertThat(watch.out()).containsOnlyOnce("  " + stillWaiting + "  pending  ");
            assertThat(watch.err()).startsWith("mediachangectl: the web console at " + console.url()
                    + "/ ended the live stream; trying again for up to 30s (--retry-for)\n");
            assertThat(watch.stop()).isZero();
        }
    }

    @Test
    void afterADaemonRestartTheOldRequestsAreShownEndedAndTheNewOnesPendingDespiteTheSameIds() throws Exception {
        long old = console.open("backup1", "192.168.1.5", "volume 3", Instant.parse("2026-11-30T01:00:00Z"));
        int port = console.port();
        try (Ctl.Running watch = ctl.start("watch", "--url", console.url(), "--retry-for", "30s")) {
            watch.awaitOut("volume 3\n", 10);
            console.close(); // cut, as when the daemon is killed
            watch.awaitErr("trying again for up to 30s (--retry-for)", 10);
            assertThat(watch.err()).startsWith("mediachangectl: lost the live stream from " + console.url()
                    + "/: the connection was cut (");

            // The new daemon counts from 1 again and knows nothing of the old request.
            console = StandInConsole.startOn(port);
            long fresh = console.open("backup3", "10.0.0.3", "tape C", Instant.parse("2026-11-30T01:10:00Z"));
            assertThat(fresh).isEqualTo(old);
            watch.awaitErr("reconnected to " + console.url() + "/", 20);
            watch.awaitOut("tape C\n", 10);
            assertThat(watch.out().lines().toList()).containsExactly(
                    "01:00:00  1  pending  backup1 (192.168.1.5)  volume 3",
                    "--:--:--  1  closed  backup1 (192.168.1.5)  volume 3",
                    "01:10:00  1  pending  backup3 (10.0.0.3)  tape C");
            assertThat(watch.err().lines()).hasSize(2);
            assertThat(watch.stop()).isZero();
        }
    }

    @Test
    void aStreamTheConsoleEndsIsReconnected() throws Exception {
        try (Ctl.Running watch = ctl.start("watch", "--url", console.url())) {
            console.awaitStreamsOpened(1);
            console.endStreams(); // as the daemon does when it stops
            console.awaitStreamsOpened(2);
            watch.awaitErr("reconnected", 10);
            assertThat(watch.err()).startsWith("mediachangectl: the web console at " + console.url()
                    + "/ ended the live stream; trying again for up to 30s (--retry-for)\n");
            console.open("backup1", "10.0.0.1", "after the reconnection");
            watch.awaitOut("after the reconnection\n", 10);
            assertThat(watch.stop()).isZero();
        }
    }

    @Test
    void aConsoleThatStaysAwayEndsTheWatchWithFiveAfterRetryFor() throws Exception {
        try (Ctl.Running watch = ctl.start("watch", "--url", console.url(), "--retry-for", "2s")) {
            console.awaitStreamsOpened(1);
            console.close();
            assertThat(watch.awaitExit(30)).isEqualTo(5);
            assertThat(watch.err().lines().toList()).satisfies(lines -> {
                assertThat(lines.get(0)).startsWith("mediachangectl: lost the live stream")
                        .endsWith("; trying again for up to 2s (--retry-for)");
                assertThat(lines.get(lines.size() - 1)).startsWith("mediachangectl: cannot reach the web console at "
                        + console.url() + "/: ").endsWith("; gave up after 2s (--retry-for)");
                assertThat(lines).hasSize(2);
            });
        }
    }

    @Test
    void anUnreachableConsoleAtStartIsRetriedToo() throws Exception {
        int port = console.port();
        console.close();
        try (Ctl.Running watch = ctl.start("watch", "--url", "http://127.0.0.1:" + port, "--retry-for", "1m")) {
            watch.awaitErr("trying again for up to 1m", 10);
            console = StandInConsole.startOn(port);
            console.open("backup1", "10.0.0.1", "it is back");
            watch.awaitOut("it is back\n", 20);
            assertThat(watch.stop()).isZero();
        }
    }

    @Test
    void retryForZeroGivesUpAtOnce() {
        int port = console.port();
        console.close();
        Ctl.Run run = ctl.run("watch", "--url", "http://127.0.0.1:" + port, "--retry-for", "0");
        assertThat(run).isEqualTo(new Ctl.Run(5, "", "mediachangectl: cannot reach the web console at"
                + " http://127.0.0.1:" + port + "/: connection refused\n"));
    }

    @Test
    void aWrongPasswordEndsTheWatchWithFourWithoutRetrying() {
        ctl.env.put(PasswordSource.ENV, "wrong");
        Ctl.Run run = ctl.run("watch", "--url", console.url(), "--retry-for", "1m");
        assertThat(run).isEqualTo(new Ctl.Run(4, "", "mediachangectl: login as alice at " + console.url()
                + "/ failed: wrong name or password\n"));
        assertThat(console.seen()).hasSize(1);
    }

    @Test
    void aBusyConsoleIsRetried() throws Exception {
        console.refuse(new StandInConsole.Refusal(503, "{\"error\":\"too many live streams\"}"));
        try (Ctl.Running watch = ctl.start("watch", "--url", console.url())) {
            watch.awaitErr("mediachangectl: the web console at " + console.url() + "/ is busy: too many live"
                    + " streams; trying again for up to 30s (--retry-for)\n", 10);
            console.refuse(null);
            console.awaitStreamsOpened(1);
            watch.awaitErr("reconnected", 10);
            assertThat(watch.stop()).isZero();
        }
    }

    @Test
    void aKnownEventThatIsNotWhatItShouldBeEndsTheWatchWithFour() throws Exception {
        try (Ctl.Running watch = ctl.start("watch", "--url", console.url())) {
            console.awaitStreamsOpened(1);
            console.sendRaw("event: opened\ndata: [1, 2, 3]\n\n");
            assertThat(watch.awaitExit(10)).isEqualTo(4);
            assertThat(watch.err()).startsWith("mediachangectl: unexpected event from " + console.url() + "/: ")
                    .endsWith("; is it a newer web console?\n");
        }
    }

    @Test
    void somethingThatIsNotAnEventStreamIsRefused() {
        console.refuse(new StandInConsole.Refusal(200, "{}"));
        Ctl.Run run = ctl.run("watch", "--url", console.url());
        assertThat(run).isEqualTo(new Ctl.Run(4, "", "mediachangectl: unexpected answer from " + console.url()
                + "/api/events: application/json; charset=utf-8 instead of an event stream; is --url the mediachange"
                + " web console?\n"));
    }

    @Test
    void aSilentStreamCountsAsLostAndIsReconnected() throws Exception {
        // The silence limit is 65 s in the command; this watcher is built with 3 s to see it work.
        console.keepAlive(Duration.ofMillis(100));
        ConsoleClient client = new ConsoleClient(new ConsoleSettings(URI.create(console.url() + "/"),
                StandInConsole.OPERATOR, ConsoleSettings.basic(StandInConsole.OPERATOR,
                        StandInConsole.PASSWORD.toCharArray()), null, Duration.ofSeconds(10), Duration.ofSeconds(10)),
                Clock.systemUTC(), DeviceTokens.none());
        Ctl.Sink out = new Ctl.Sink();
        Ctl.Sink err = new Ctl.Sink();
        Watcher watcher = new Watcher(client, Duration.ofSeconds(30), Duration.ofSeconds(3), ZoneOffset.UTC,
                new PrintWriter(out, true), new PrintWriter(err, true));
        Thread t = new Thread(watcher::run);
        t.start();
        try {
            console.awaitStreamsOpened(1);
            // Keep-alives every 100 ms keep a stream alive well past its 3 s limit ...
            Thread.sleep(7000);
            assertThat(console.streamsOpened()).isEqualTo(1);
            assertThat(err.text()).isEmpty();
            // ... but a console that sends nothing at all is given up on and called again.
            console.silent(true);
            console.awaitStreamsOpened(2);
            assertThat(err.text()).startsWith("mediachangectl: the live stream from " + console.url()
                    + "/ fell silent for 3s, not even a keep-alive came; trying again for up to 30s (--retry-for)\n");
        } finally {
            watcher.stop();
            t.join(10_000);
        }
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void whenStdoutIsGoneTheWatchEndsWithZero() throws Exception {
        ConsoleClient client = new ConsoleClient(new ConsoleSettings(URI.create(console.url() + "/"),
                StandInConsole.OPERATOR, ConsoleSettings.basic(StandInConsole.OPERATOR,
                        StandInConsole.PASSWORD.toCharArray()), null, Duration.ofSeconds(10), Duration.ofSeconds(10)),
                Clock.systemUTC(), DeviceTokens.none());
        Writer closedPipe = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        console.open("backup1", "10.0.0.1", "nobody reads this");
        StringWriter err = new StringWriter();
        Watcher watcher = new Watcher(client, Duration.ofSeconds(30), Watcher.SILENCE_LIMIT, ZoneOffset.UTC,
                new PrintWriter(closedPipe), new PrintWriter(err));
        assertThat(watcher.run()).isEqualTo(CtlExitCode.DONE);
        assertThat(err.toString()).isEmpty();
    }
}
