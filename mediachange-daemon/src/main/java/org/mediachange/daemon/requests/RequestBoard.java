package org.mediachange.daemon.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>What must outlive the daemon goes to its {@link BoardStorage}: the ids,
 * and {@link #saved()} after every change. A board started from a saved one
 * keeps the recent requests, and the requests that were pending then wait for
 * their clients ({@link ReturningRequests}): a request from the same address
 * with the same message is that request again, with its id, age and marks,
 * until {@link #endReturning()} gives up on the rest.
 */
public final class RequestBoard {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBoard.class);

    /** How many ended requests are remembered. */
    public static final int RECENT = 200;
    /** Messages of ended requests are kept up to this many characters. */
    public static final int RECENT_MESSAGE_CHARS = 1000;

    private final Clock clock;
    private final BoardStorage storage;
    private final Object lock = new Object();
    /** Pending requests in arrival order; guarded by {@link #lock}. */
    private final Map<Long, PendingRequest> pending = new LinkedHashMap<>();
    /** Pending when the daemon last stopped, waiting for their clients; guarded by {@link #lock}. */
    private final ReturningRequests returning;
    /** Ended requests, oldest first; guarded by {@link #lock}. */
    private final RecentRequests recent;
    /** Guarded by {@link #lock}. */
    private final Listeners listeners = new Listeners();

    /** A board on the system clock, keeping nothing. */
    public RequestBoard() {
        this(Clock.systemUTC());
    }

    /** A board on {@code clock}, keeping nothing; for tests. */
    public RequestBoard(Clock clock) {
        this(clock, BoardStorage.inMemory(), SavedBoard.NONE);
    }

    /**
     * A board on {@code clock} that keeps what must outlive the daemon in {@code storage}, started
     * from {@code restored} (what an earlier run saved): its recent requests are the recent ones,
     * its waiting ones wait for their clients, each with one more restart outlived.
     */
    public RequestBoard(Clock clock, BoardStorage storage, SavedBoard restored) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.returning = new ReturningRequests(restored.waiting().stream().map(w -> new WaitingRequest(
                withRestarts(w.info(), w.info().restarts() + 1), w.port(), w.marks())).toList());
        this.recent = new RecentRequests(restored.recent());
    }

    /** The pending and recently ended requests at one moment. */
    public record View(List<RequestInfo> pending, List<ClosedRequest> recent) {

        /** Copies the lists. */
        public View {
            pending = List.copyOf(pending);
            recent = List.copyOf(recent);
        }
    }

    /** Registers a request that has just arrived, from an unknown port; as {@link #open(String, int, String, String)}. */
    public PendingRequest open(String peer, String host, String message) {
        return open(peer, 0, host, message);
    }

    /**
     * Registers a request that has just arrived from {@code peer} (port {@code port}) and tells
     * the listeners. If it is a request that was pending when the daemon last stopped, sent
     * again by its client (same address, same message), it goes on as that request.
     */
    public PendingRequest open(String peer, int port, String host, String message) {
        PendingRequest r = null;
        synchronized (lock) {
            Optional<WaitingRequest> back = returning.claim(peer, message);
            if (back.isPresent()) {
                RequestInfo was = back.get().info();
                r = new PendingRequest(new RequestInfo(was.id(), was.received(), peer, host, message, was.restarts()),
                        port, back.get().marks());
                register(r);
                LOG.info("request {} is back: its client sent it again after the restart", was.id());
            }
        }
        if (r == null) {
            // Not under the lock: the id may wait for the disk, and saving the board takes the lock.
            long id = storage.nextId();
            synchronized (lock) {
                r = new PendingRequest(new RequestInfo(id, clock.instant(), peer, host, message), port, Set.of());
                register(r);
            }
        }
        storage.changed();
        return r;
    }

    /** Puts {@code r} on the pending list and tells the listeners; under {@link #lock}. */
    private void register(PendingRequest r) {
        pending.put(r.id(), r);
        publish(new RequestEvent.Opened(r.info(), r.marks()));
    }

    /**
     * Leaves {@code mark} on pending request {@code id} (see {@link PendingRequest}); false if
     * it is not pending or has it already.
     */
    public boolean mark(long id, String mark) {
        boolean added;
        synchronized (lock) {
            PendingRequest r = pending.get(id);
            added = r != null && r.mark(mark);
        }
        if (added) {
            storage.changed();
        }
        return added;
    }

    /**
     * An operator's answer to request {@code id}, given by {@code by}: decides
     * the request if it is still pending and nothing else decided it first.
     */
    public AnswerResult answer(long id, Decision decision, Answerer by) {
        Ending answer = Ending.answered(decision, by);
        Ending first = endFirst(id, answer);
        if (first == null) {
            boolean away;
            synchronized (lock) {
                away = returning.contains(id);
            }
            return new AnswerResult(away ? AnswerResult.Status.AWAY : AnswerResult.Status.UNKNOWN, id, null);
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
                closed = recent.find(id);
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
        ClosedRequest c = new ClosedRequest(RecentRequests.cut(r.info()), clock.instant(), ending, delivered, r.marks());
        synchronized (lock) {
            if (pending.remove(r.id()) == null) {
                return;
            }
            remember(c);
        }
        storage.changed();
    }

    /**
     * Whether pending requests outlive a stop of the daemon (see
     * {@link BoardStorage#keepsPending()}): if so, a session that the stop
     * ends leaves its request on the board, to be saved, and writes no audit
     * line; the client's next attempt after the restart continues it.
     */
    public boolean keepsPending() {
        return storage.keepsPending();
    }

    /**
     * Gives up on the requests still waiting for their clients since the
     * start: each ends as withdrawn (its client did not come back) and moves
     * to the recent ones. Returns them, for their audit lines.
     */
    public List<WaitingRequest> endReturning() {
        List<WaitingRequest> gone;
        synchronized (lock) {
            gone = returning.drain();
            Instant now = clock.instant();
            for (WaitingRequest w : gone) {
                remember(new ClosedRequest(RecentRequests.cut(w.info()), now, Ending.WITHDRAWN, true, w.marks()));
            }
        }
        if (!gone.isEmpty()) {
            storage.changed();
        }
        return gone;
    }

    /** The requests still waiting for their clients since the start, oldest first. */
    public List<WaitingRequest> returning() {
        synchronized (lock) {
            return returning.all();
        }
    }

    /** What a later run needs to go on from here: the waiting requests and the recent ones. */
    public SavedBoard saved() {
        synchronized (lock) {
            List<WaitingRequest> waiting = new ArrayList<>(returning.all());
            for (PendingRequest r : pending.values()) {
                waiting.add(new WaitingRequest(r.info(), r.port(), r.marks()));
            }
            return new SavedBoard(waiting, recent.all());
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

    private static RequestInfo withRestarts(RequestInfo i, int restarts) {
        return new RequestInfo(i.id(), i.received(), i.peer(), i.host(), i.message(), restarts);
    }

    /** Adds {@code c} to the recent requests and tells the listeners; under {@link #lock}. */
    private void remember(ClosedRequest c) {
        recent.add(c);
        publish(new RequestEvent.Closed(c));
    }

    private View currentView() {
        return new View(pending.values().stream().map(PendingRequest::info).toList(), recent.all());
    }

    private void publish(RequestEvent e) {
        listeners.publish(e);
    }

    /** The time now on the board's clock. */
    public Instant now() {
        return clock.instant();
    }
}
