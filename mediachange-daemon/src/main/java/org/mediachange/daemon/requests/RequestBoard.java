package org.mediachange.daemon.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.mediachange.daemon.model.AnswerResult;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request the daemon is handling, and the last {@value #RECENT} that
 * ended: the one place that knows them, so that the X dialog, the web console,
 * {@code mediachangectl}, answer links and the notify commands are surfaces of
 * the same requests and the first answer wins on all of them. It holds state,
 * not text: what people read about a request is the {@link Ending}'s.
 *
 * <p>Surfaces read a {@link View} and subscribe to {@link RequestEvent}s; the
 * view and the events after it are consistent (no event is missed or seen
 * twice). Listeners run on the thread that changed the board, under its lock:
 * they must only hand the event on (e.g. to a bounded queue), never block.
 */
public final class RequestBoard {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBoard.class);

    /** How many ended requests are remembered. */
    public static final int RECENT = 200;
    /** Messages of ended requests are kept up to this many characters. */
    public static final int RECENT_MESSAGE_CHARS = 1000;

    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final Object lock = new Object();
    /** Pending requests in arrival order; guarded by {@link #lock}. */
    private final Map<Long, PendingRequest> pending = new LinkedHashMap<>();
    /** Ended requests, oldest first; guarded by {@link #lock}. */
    private final ArrayDeque<ClosedRequest> recent = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private final List<Consumer<RequestEvent>> listeners = new ArrayList<>();

    /** A board on the system clock. */
    public RequestBoard() {
        this(Clock.systemUTC());
    }

    /** A board on {@code clock}, for tests. */
    public RequestBoard(Clock clock) {
        this.clock = clock;
    }

    /** The pending and recently ended requests at one moment. */
    public record View(List<RequestInfo> pending, List<ClosedRequest> recent) {

        /** Copies the lists. */
        public View {
            pending = List.copyOf(pending);
            recent = List.copyOf(recent);
        }
    }

    /** Registers a request that has just arrived and tells the listeners. */
    public PendingRequest open(String peer, String host, String message) {
        synchronized (lock) {
            PendingRequest r = new PendingRequest(
                    new RequestInfo(ids.incrementAndGet(), clock.instant(), peer, host, message));
            pending.put(r.id(), r);
            publish(new RequestEvent.Opened(r.info()));
            return r;
        }
    }

    /**
     * An operator's answer to request {@code id}, given by {@code by}: decides
     * the request if it is still pending and nothing else decided it first.
     */
    public AnswerResult answer(long id, Decision decision, Answerer by) {
        Ending answer = Ending.answered(decision, by);
        Ending first = endFirst(id, answer);
        if (first == null) {
            return new AnswerResult(AnswerResult.Status.UNKNOWN, id, null);
        }
        return new AnswerResult(first == answer ? AnswerResult.Status.ANSWERED : AnswerResult.Status.TOO_LATE, id,
                first);
    }

    /**
     * Ends pending request {@code id} with {@code ending} (a surface that cannot
     * show it, say) unless something ended it first; true if {@code ending} won.
     */
    public boolean end(long id, Ending ending) {
        return endFirst(id, ending) == ending;
    }

    /** Ends request {@code id} with {@code ending} if it is pending; what ended it first, or null if unknown. */
    private Ending endFirst(long id, Ending ending) {
        PendingRequest r;
        ClosedRequest closed = null;
        synchronized (lock) {
            r = pending.get(id);
            if (r == null) {
                closed = findRecent(id);
            }
        }
        if (r != null) {
            r.resolve(ending);
            return r.ending().orElseThrow();
        }
        return closed == null ? null : closed.ending();
    }

    /**
     * Moves a request that has been handled (replied to and audited) from the
     * pending list to the recent ones, and tells the listeners.
     *
     * @param ending    how it ended, as the client was told
     * @param delivered whether the client got that reply
     */
    public void close(PendingRequest r, Ending ending, boolean delivered) {
        if (r.ending().isEmpty()) {
            throw new IllegalStateException("request " + r.id() + " closed before it was resolved");
        }
        RequestInfo info = r.info();
        if (info.message().length() > RECENT_MESSAGE_CHARS) {
            info = new RequestInfo(info.id(), info.received(), info.peer(), info.host(),
                    shorten(info.message(), RECENT_MESSAGE_CHARS));
        }
        ClosedRequest c = new ClosedRequest(info, clock.instant(), ending, delivered);
        synchronized (lock) {
            if (pending.remove(r.id()) == null) {
                return;
            }
            recent.addLast(c);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
            publish(new RequestEvent.Closed(c));
        }
    }

    /** The pending and recent requests now. */
    public View view() {
        synchronized (lock) {
            return currentView();
        }
    }

    /** A pending request by id, if it is pending. */
    public Optional<PendingRequest> pending(long id) {
        synchronized (lock) {
            return Optional.ofNullable(pending.get(id));
        }
    }

    /**
     * Subscribes {@code listener} to every event after the returned view.
     * Close the subscription to stop. The listener must not block.
     */
    public Subscription subscribe(Consumer<RequestEvent> listener) {
        synchronized (lock) {
            listeners.add(listener);
            return new Subscription(currentView(), () -> {
                synchronized (lock) {
                    listeners.remove(listener);
                }
            });
        }
    }

    /** A view and the subscription to what changes after it. */
    public record Subscription(View view, Runnable cancel) implements AutoCloseable {
        @Override
        public void close() {
            cancel.run();
        }
    }

    /** The first {@code max} chars of {@code text}, one fewer if the cut would split a surrogate pair. */
    static String shorten(String text, int max) {
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    private View currentView() {
        return new View(pending.values().stream().map(PendingRequest::info).toList(), List.copyOf(recent));
    }

    private ClosedRequest findRecent(long id) {
        for (ClosedRequest c : recent) {
            if (c.id() == id) {
                return c;
            }
        }
        return null;
    }

    private void publish(RequestEvent e) {
        for (Consumer<RequestEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.error("a request listener failed on request {}", e.id(), ex);
            }
        }
    }

    /** The time now on the board's clock. */
    public Instant now() {
        return clock.instant();
    }
}
