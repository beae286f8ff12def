package org.mediachange.daemon.requests;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.mediachange.daemon.model.RequestInfo;

/** What a surface hears from the {@link RequestBoard}: a request arrived, or one ended. */
public sealed interface RequestEvent {

    /** The request's id. */
    long id();

    /**
     * A request is now pending: a new one, or one from before a restart that its client sent
     * again ({@code info.restarts() > 0}), with the marks surfaces had left on it then.
     */
    record Opened(RequestInfo info, Set<String> marks) implements RequestEvent {

        /** Copies the marks. */
        public Opened {
            marks = Collections.unmodifiableSet(new LinkedHashSet<>(marks));
        }

        /** A request without marks. */
        public Opened(RequestInfo info) {
            this(info, Set.of());
        }

        @Override
        public long id() {
            return info.id();
        }
    }

    /** A request ended and left the pending list. */
    record Closed(ClosedRequest request) implements RequestEvent {
        @Override
        public long id() {
            return request.id();
        }
    }
}
