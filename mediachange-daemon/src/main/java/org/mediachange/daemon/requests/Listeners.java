package org.mediachange.daemon.requests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The board's subscribers, told of each event in turn; one that fails is
 * logged and does not keep the event from the others. Not thread-safe: the
 * board's lock guards it.
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBoard.class);

    private final List<Consumer<RequestEvent>> listeners = new ArrayList<>();

    void add(Consumer<RequestEvent> listener) {
        listeners.add(listener);
    }

    void remove(Consumer<RequestEvent> listener) {
        listeners.remove(listener);
    }

    /** Tells every listener about {@code e}. */
    void publish(RequestEvent e) {
        for (Consumer<RequestEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.error("a request listener failed on request {}", e.id(), ex);
            }
        }
    }
}
