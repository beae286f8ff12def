package org.mediachange.daemon.notify;

import java.util.Optional;

/**
 * Where a person can answer a request from a notification: the web console,
 * and one-time links that answer one request {@code Ok} or {@code Cancel}
 * when POSTed to. The web console provides them (with {@code --web-url});
 * without it there are none, and the notify commands get empty values.
 *
 * <p>Called on the notifier's own thread for every run: an implementation must
 * answer at once, never block.
 */
public interface AnswerUrls {

    /** No web console: no links. */
    AnswerUrls NONE = new AnswerUrls() {
        @Override
        public Optional<String> consoleUrl() {
            return Optional.empty();
        }

        @Override
        public Optional<String> okUrl(long id) {
            return Optional.empty();
        }

        @Override
        public Optional<String> cancelUrl(long id) {
            return Optional.empty();
        }
    };

    /** The web console's address. */
    Optional<String> consoleUrl();

    /** A link that answers pending request {@code id} Ok when POSTed to. */
    Optional<String> okUrl(long id);

    /** A link that answers pending request {@code id} Cancel when POSTed to. */
    Optional<String> cancelUrl(long id);
}
