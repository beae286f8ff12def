package org.mediachange.client.ctl;

import com.google.gson.JsonParseException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mediachange.common.time.Deadline;
import org.mediachange.common.time.Durations;

/**
 * {@code watch}: prints a line for every request that comes or ends, until
 * {@link #stop} (Ctrl-C, SIGTERM). When the console cannot be reached, or
 * the live stream is lost or falls silent for {@link #SILENCE_LIMIT} (the
 * console sends a keep-alive at least every 30 s), it reconnects with
 * growing pauses (0.5 s doubling up to 5 s) for at most {@code retryFor},
 * then gives up with exit code 5. A refusal (wrong password, untrusted
 * certificate) is final at once.
 */
final class Watcher {

    /** Silence after which the stream counts as lost: two missed keep-alives of the console, and some. */
    static final Duration SILENCE_LIMIT = Duration.ofSeconds(65);
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final ConsoleClient client;
    private final Duration retryFor;
    private final Duration silenceLimit;
    private final PrintWriter out;
    private final PrintWriter err;
    private final WatchView view;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EventStream current;

    Watcher(ConsoleClient client, Duration retryFor, Duration silenceLimit, ZoneId zone, PrintWriter out,
            PrintWriter err) {
        this.client = client;
        this.retryFor = retryFor;
        this.silenceLimit = silenceLimit;
        this.out = out;
        this.err = err;
        this.view = new WatchView(zone);
    }

    /** Watches until stopped (0), refused (4), or the console stays away longer than {@code retryFor} (5). */
    CtlExitCode run() {
        Deadline giveUp = null;
        Duration pause = FIRST_PAUSE;
        while (!isStopped()) {
            EventStream stream = new EventStream();
            if (!use(stream)) {
                break;
            }
            try {
                client.openEvents(stream);
                if (giveUp != null) {
                    say("reconnected to " + client.where());
                }
                giveUp = null;
                pause = FIRST_PAUSE;
                if (!read(stream)) {
                    break;
                }
            } catch (ConsoleException e) {
                if (isStopped()) {
                    break;
                }
                if (!e.retryable() || retryFor.isZero()) {
                    say(e.getMessage());
                    return e.exitCode();
                }
                if (giveUp == null) {
                    giveUp = Deadline.after(retryFor);
                    say(e.getMessage() + "; trying again for up to " + Durations.format(retryFor) + " (--retry-for)");
                } else if (giveUp.hasPassed()) {
                    say(e.getMessage() + "; gave up after " + Durations.format(retryFor) + " (--retry-for)");
                    return e.exitCode();
                }
                if (pauseOrStop(giveUp, pause)) {
                    break;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            } finally {
                stream.close();
            }
        }
        return CtlExitCode.DONE;
    }

    /** Ends {@link #run} soon, from any thread: it returns 0. */
    void stop() {
        EventStream s;
        synchronized (this) {
            stopped.countDown();
            s = current;
        }
        if (s != null) {
            s.close();
        }
    }

    private boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Makes {@code stream} the one {@link #stop} closes; false if already stopped. */
    private synchronized boolean use(EventStream stream) {
        current = stream;
        return !isStopped();
    }

    /**
     * Prints the events of {@code stream} until it ends (thrown as a retryable
     * failure) or watching should end (false: stopped, or stdout is gone).
     */
    private boolean read(EventStream stream) throws ConsoleException {
        SseParser parser = new SseParser();
        while (true) {
            EventStream.Item item;
            try {
                item = stream.next(silenceLimit);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (isStopped()) {
                return false;
            }
            if (item == null) {
                throw ConsoleException.unreachable("the live stream from " + client.where() + " fell silent for "
                        + Durations.format(silenceLimit) + ", not even a keep-alive came");
            }
            if (item instanceof EventStream.End end) {
                throw ConsoleException.unreachable(end.why() == null
                        ? "the web console at " + client.where() + " ended the live stream"
                        : "lost the live stream from " + client.where() + ": the connection was cut ("
                                + ConsoleClient.shown(end.why()) + ")");
            }
            if (!show(parser, ((EventStream.Line) item).text())) {
                return false;
            }
        }
    }

    /** Prints what {@code line} completes; false when stdout is gone (e.g. {@code watch | head -1} ended). */
    private boolean show(SseParser parser, String line) throws ConsoleException {
        try {
            SseParser.Event event = parser.accept(line);
            ConsoleEvents.ConsoleEvent meaning = event == null ? null : ConsoleEvents.parse(event);
            if (meaning == null) {
                return true;
            }
            for (String l : view.lines(meaning)) {
                out.println(l);
            }
        } catch (SseParser.TooLongException e) {
            throw ConsoleException.refused("unexpected live stream from " + client.where() + ": " + e.getMessage());
        } catch (JsonParseException e) {
            throw ConsoleException.refused("unexpected event from " + client.where() + ": "
                    + ConsoleClient.shown(String.valueOf(e.getMessage())) + "; is it a newer web console?");
        }
        out.flush();
        return !out.checkError();
    }

    /** Waits {@code pause} (no later than {@code giveUp}); true if stopped meanwhile. */
    private boolean pauseOrStop(Deadline giveUp, Duration pause) {
        int left = giveUp.socketTimeoutMillis();
        long wait = left == 0 ? pause.toMillis() : Math.min(pause.toMillis(), Math.max(1, left));
        try {
            return stopped.await(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void say(String message) {
        err.println("mediachangectl: " + message);
        err.flush();
    }
}
