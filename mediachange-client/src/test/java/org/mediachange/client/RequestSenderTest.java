package org.mediachange.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mediachange.client.FakeDaemon.closeWithoutAnswer;
import static org.mediachange.client.FakeDaemon.reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mediachange.common.protocol.Answer;
import org.mediachange.common.time.Deadline;

/**
 * {@link RequestSender} on a clock of the test's own ({@link ManualClock}),
 * against {@link FakeDaemon}s on loopback: every pause it makes is recorded
 * (and passes at once), so the tries of a console away for twenty minutes
 * and the notes they give are followed exactly, and "at once" means "without
 * a single pause".
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RequestSenderTest {

    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final ManualClock clock = new ManualClock();
    /** Told each note as it comes, in the sender's thread. */
    private volatile Consumer<String> onNote = line -> { };

    private Outcome send(Target target, Duration retryFor) throws InterruptedException {
        ClientRequest request = new ClientRequest(target.host(), target.port(), "Insert tape 3", Duration.ofSeconds(5),
                Duration.ZERO, retryFor);
        RequestSender.Notes sink = line -> {
            notes.add(line);
            onNote.accept(line);
        };
        return new RequestSender(target, request, Deadline.none(), null, sink, clock).send();
    }

    private static Target at(int port) {
        return new Target(FakeDaemon.HOST, port);
    }

    private static String lost(Target target, String why) {
        return "lost the console at " + target + " (" + why + "); re-sending the request when it is back";
    }

    private static String back(Target target) {
        return "the console at " + target + " is back; request sent again";
    }

    private static String stillAway(Target target, String after) {
        return "the console at " + target + " is still away after " + after
                + " (Connection refused); re-sending the request when it is back";
    }

    @Test
    void aRefusedFirstConnectionEndsWithoutAPause() throws Exception {
        Outcome outcome = send(at(FakeDaemon.closedPort()), Duration.ZERO);
        assertThat(outcome).isInstanceOf(Outcome.Unreachable.class);
        assertThat(clock.pauses).isEmpty();
        assertThat(notes).isEmpty();
    }

    @Test
    void aHostThatDoesNotResolveEndsWithoutAPauseEvenWithRetryFor() throws Exception {
        Outcome outcome = send(new Target("no-such-host.invalid", 8979), Duration.ofHours(12));
        assertThat(outcome).isEqualTo(new Outcome.Unreachable("unknown host 'no-such-host.invalid'", true));
        assertThat(clock.pauses).isEmpty();
        assertThat(notes).isEmpty();
    }

    @Test
    void aConsoleAwayForTwentyMinutesIsTriedEveryFiveSecondsWithAReminderEveryTenMinutes() throws Exception {
        List<FakeDaemon> daemons = new ArrayList<>();
        FakeDaemon first = FakeDaemon.start(closeWithoutAnswer()); // then it stops listening
        daemons.add(first);
        Target target = at(first.port());
        // Back at the 250th pause: 0.25 + 0.5 + 1 + 2 + 4 s, then 245 times 5 s, about 20.5 minutes.
        clock.onPause = n -> {
            if (n == 250) {
                try {
                    daemons.add(FakeDaemon.on(target.port(), reply("Ok")));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try {
            Outcome outcome = send(target, Duration.ZERO);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Answered.class,
                    a -> assertThat(a.reply().answer()).isEqualTo(Answer.OK));
            List<Long> expected = new ArrayList<>(List.of(250L, 500L, 1000L, 2000L, 4000L));
            expected.addAll(Collections.nCopies(245, 5000L));
            assertThat(clock.pauses).isEqualTo(expected);
            assertThat(notes).containsExactly(lost(target, "connection closed without an answer"),
                    stillAway(target, "10m"), stillAway(target, "20m"), back(target));
            assertThat(daemons.get(1).awaitRequests(1)).containsExactly("Insert tape 3");
        } finally {
            for (FakeDaemon d : daemons) {
                d.close();
            }
        }
    }

    @Test
    void thePausesStartAgainOnlyAfterTheConsoleHeldTheRequestForAMinute() throws Exception {
        CountDownLatch backOnce = new CountDownLatch(1);
        CountDownLatch backTwice = new CountDownLatch(2);
        onNote = line -> {
            if (line.endsWith(" is back; request sent again")) {
                backOnce.countDown();
                backTwice.countDown();
            }
        };
        try (FakeDaemon daemon = FakeDaemon.start(
                closeWithoutAnswer(),
                c -> { // held a moment, then lost: the pauses go on growing
                    c.readRequest();
                    backOnce.await(10, TimeUnit.SECONDS);
                },
                c -> { // held for two minutes, then lost: the pauses start again
                    c.readRequest();
                    backTwice.await(10, TimeUnit.SECONDS);
                    clock.advance(Duration.ofMinutes(2));
                },
                reply("Ok"))) {
            Target target = at(daemon.port());
            Outcome outcome = send(target, Duration.ZERO);
            assertThat(outcome).isInstanceOf(Outcome.Answered.class);
            assertThat(clock.pauses).containsExactly(250L, 500L, 250L);
            String closed = lost(target, "connection closed without an answer");
            assertThat(notes).containsExactly(closed, back(target), closed, back(target), closed, back(target));
        }
    }

    /** A clock that moves only when told, or by the pauses it is asked to make, which it records. */
    private static final class ManualClock implements RetryClock {
        private final AtomicLong now = new AtomicLong();
        final List<Long> pauses = Collections.synchronizedList(new ArrayList<>());
        volatile IntConsumer onPause = n -> { };

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleep(long millis) {
            pauses.add(millis);
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
            onPause.accept(pauses.size());
        }

        void advance(Duration d) {
            now.addAndGet(d.toNanos());
        }
    }
}
