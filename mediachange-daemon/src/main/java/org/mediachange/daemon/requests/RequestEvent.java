package org.mediachange.daemon.requests;

import org.mediachange.daemon.model.RequestInfo;

/** What a surface hears from the {@link RequestBoard}: a request arrived, or one ended. */
public sealed interface RequestEvent {

    /** The request's id. */
    long id();

    /** A request is now pending. */
    record Opened(RequestInfo info) implements RequestEvent {
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
