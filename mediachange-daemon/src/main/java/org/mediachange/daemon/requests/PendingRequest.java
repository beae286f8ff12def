package org.mediachange.daemon.requests;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestInfo;

/**
 * A request that waits for its end. Whoever ends it first (an operator on
 * any surface, the client leaving, the answer timeout, shutdown, a dialog
 * that cannot be shown) decides; the session then replies, audits and closes
 * it on the board.
 *
 * <p>Surfaces may leave {@linkplain #marks() marks} on it through
 * {@link RequestBoard#mark}: short notes that are saved with it and come back
 * with it after a restart (the notify commands that announced it, the digests
 * of its answer links).
 */
public final class PendingRequest {

    /** Most marks a request carries: a few per surface. */
    static final int MAX_MARKS = 32;
    /** Longest mark, in chars. */
    static final int MAX_MARK_CHARS = 200;

    private final RequestInfo info;
    private final int port;
    /** Guarded by this. */
    private final Set<String> marks;
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();

    PendingRequest(RequestInfo info, int port, Set<String> marks) {
        this.info = info;
        this.port = port;
        this.marks = new LinkedHashSet<>(marks);
    }

    /** The request. */
    public RequestInfo info() {
        return info;
    }

    /** The request's id. */
    public long id() {
        return info.id();
    }

    /** The client's TCP port (0 when unknown), for the audit line of a request that outlived its connection. */
    public int port() {
        return port;
    }

    /** The marks surfaces left on it, in the order they were left. */
    public synchronized Set<String> marks() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(marks));
    }

    /** Adds {@code mark}; true if it is new. Refuses a mark that is too long or one too many. */
    synchronized boolean mark(String mark) {
        if (mark.isEmpty() || mark.length() > MAX_MARK_CHARS) {
            throw new IllegalArgumentException("a mark of " + mark.length() + " chars");
        }
        if (marks.contains(mark)) {
            return false;
        }
        if (marks.size() >= MAX_MARKS) {
            throw new IllegalStateException("request " + id() + " has " + MAX_MARKS + " marks already");
        }
        return marks.add(mark);
    }

    /** Ends the request with {@code e} unless something else ended it first; true if {@code e} won. */
    public boolean resolve(Ending e) {
        return ending.complete(e);
    }

    /** What ended it, once something has. */
    public Optional<Ending> ending() {
        return Optional.ofNullable(ending.getNow(null));
    }

    /** Completes with the first ending; for waiting and callbacks. Never completes exceptionally. */
    public CompletableFuture<Ending> ended() {
        return ending.copy();
    }
}
