package org.mediachange.daemon.web.events;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.requests.RequestEvent;
import org.mediachange.daemon.web.auth.Access;
import org.mediachange.daemon.web.http.ApiJson;
import org.mediachange.daemon.web.http.Http;
import org.mediachange.daemon.web.http.WebLimits;
import org.mediachange.daemon.web.log.WebLog;

/**
 * {@code GET /api/events}: the live stream the page reads (Server-Sent
 * Events). It starts with a {@code snapshot} of everything, then sends
 * {@code opened} and {@code closed} as requests come and go, and a comment
 * every {@link WebLimits#keepAlive()} so proxies and the browser know it is
 * alive; {@code retry} tells the browser to reconnect within seconds, e.g.
 * after a daemon restart. A stream ends with its session (logout, expiry, a
 * new password, the operator removed), with a last {@code ended} event.
 *
 * <p>Bounded: at most {@link WebLimits#maxStreams()} streams; each has its own
 * bounded queue, so the board never waits for a stream; a stream that falls
 * behind is dropped, and a write that stalls for
 * {@link WebLimits#writeStall()} (a client that stopped reading) is cut by
 * interrupting its thread, which closes the connection. So a broken stream
 * never blocks an answer, and never holds a thread for long.
 */
public final class EventHub implements AutoCloseable {

    private static final WebLog LOG = WebLog.of(EventHub.class);
    /** How soon the browser reconnects after losing the stream. */
    static final int RETRY_MILLIS = 2000;
    /** How often a stream asks whether its session still holds: a logout ends it within this. */
    static final int ACCESS_CHECK_MILLIS = 250;

    private final RequestBoard board;
    private final WebLimits limits;
    private final Clock clock;
    private final Semaphore slots;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor watchdog;
    private volatile boolean closed;

    /** Streams the events of {@code board} within {@code limits}. */
    public EventHub(RequestBoard board, WebLimits limits, Clock clock) {
        this.board = board;
        this.limits = limits;
        this.clock = clock;
        this.slots = new Semaphore(limits.maxStreams());
        this.watchdog = new ScheduledThreadPoolExecutor(1, DaemonThreads.numbered("mediachanged-web-watchdog"));
        watchdog.setRemoveOnCancelPolicy(true);
        watchdog.setKeepAliveTime(30, TimeUnit.SECONDS);
        watchdog.allowCoreThreadTimeOut(true);
    }

    /**
     * Serves one stream on the calling thread until it ends: the client goes, the
     * daemon stops, or {@code access} (what let the request in) no longer holds,
     * which is asked every {@value #ACCESS_CHECK_MILLIS} ms and before every
     * event; the stream then ends with an {@code ended} event that says why.
     */
    public void serve(HttpExchange ex, Access access) throws IOException {
        if (closed || !slots.tryAcquire()) {
            LOG.warn("web console: refused a live stream for {}: {} streams already open",
                    ex.getRemoteAddress().getAddress().getHostAddress(), limits.maxStreams());
            ex.getResponseHeaders().set("Retry-After", "5");
            Http.sendProblem(ex, 503, "too many live streams");
            return;
        }
        EventStream stream = new EventStream(limits.streamQueue());
        streams.add(stream);
        String why = "closed by the client";
        try (ex; RequestBoard.Subscription sub = board.subscribe(stream::offer)) {
            if (closed) {
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            write(out, "retry: " + RETRY_MILLIS + "\n\n"
                    + event("snapshot", ApiJson.Snapshot.of(clock.instant(), sub.view())));
            long lastWrite = System.nanoTime();
            while (true) {
                EventStream.Item item = stream.poll(ACCESS_CHECK_MILLIS);
                // Asked before anything is written: nothing reaches a stream whose session has ended.
                Optional<String> ended = access.ended();
                if (ended.isPresent()) {
                    why = "its session ended: " + ended.get();
                    LOG.info("web console: live stream of {} from {} ended: {}", access.operator(),
                            ex.getRemoteAddress().getAddress(), ended.get());
                    write(out, event("ended", new ApiJson.Ended(ended.get())));
                    break;
                }
                if (item == null) {
                    if (System.nanoTime() - lastWrite >= limits.keepAlive().toNanos()) {
                        write(out, ": keep-alive\n\n");
                        lastWrite = System.nanoTime();
                    }
                } else if (item instanceof EventStream.End end) {
                    why = end.why();
                    break;
                } else {
                    write(out, event(((EventStream.Send) item).event()));
                    lastWrite = System.nanoTime();
                }
            }
        } catch (ClosedByInterruptException | InterruptedIOException | InterruptedException e) {
            why = "stalled: the client stopped reading";
        } catch (IOException e) {
            why = "broken: " + e.getMessage();
        } finally {
            // The thread goes back to the pool: it must not stay interrupted.
            Thread.interrupted();
            streams.remove(stream);
            slots.release();
            LOG.debug("web console: live stream of {} ended: {}",
                    ex.getRemoteAddress().getAddress().getHostAddress(), why);
        }
    }

    /** Writes and flushes {@code text}; cuts the connection if that stalls. */
    private void write(OutputStream out, String text) throws IOException {
        Stall stall = new Stall(Thread.currentThread());
        ScheduledFuture<?> cut = watchdog.schedule(stall::cut, limits.writeStall().toMillis(), TimeUnit.MILLISECONDS);
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } finally {
            cut.cancel(false);
            if (stall.done()) {
                // The cut came just as the write finished: end the stream as if it had stalled.
                Thread.interrupted();
                throw new InterruptedIOException("write stalled");
            }
        }
    }

    /**
     * One write's watchdog. The lock makes "cut" and "done" exclusive, so an
     * interrupt is only ever sent while the write is still under way, never to
     * the thread's later work.
     */
    private static final class Stall {
        private final Thread writer;
        private boolean finished;
        private boolean cut;

        Stall(Thread writer) {
            this.writer = writer;
        }

        synchronized void cut() {
            if (!finished) {
                cut = true;
                writer.interrupt(); // closes the connection: the blocked write fails at once
            }
        }

        /** Marks the write finished; true if it was cut. */
        synchronized boolean done() {
            finished = true;
            return cut;
        }
    }

    private static String event(RequestEvent e) {
        if (e instanceof RequestEvent.Opened o) {
            return event("opened", ApiJson.Pending.of(o.info()));
        }
        return event("closed", ApiJson.Recent.of(((RequestEvent.Closed) e).request()));
    }

    /** One SSE event; Gson's JSON has no raw line breaks (it escapes U+2028 and U+2029 too). */
    private static String event(String name, Object data) {
        return "event: " + name + "\ndata: " + ApiJson.GSON.toJson(data) + "\n\n";
    }

    /** How many streams are open now. */
    public int openStreams() {
        return streams.size();
    }

    /** Ends every stream (the daemon is stopping). */
    @Override
    public void close() {
        closed = true;
        streams.forEach(s -> s.end("the daemon is stopping"));
        watchdog.shutdownNow();
    }
}
