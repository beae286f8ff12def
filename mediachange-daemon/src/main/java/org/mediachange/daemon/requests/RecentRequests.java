package org.mediachange.daemon.requests;

import java.util.ArrayDeque;
import java.util.List;
import org.mediachange.daemon.model.RequestInfo;

/**
 * The last {@value RequestBoard#RECENT} requests that ended, oldest first,
 * each with its message cut to {@value RequestBoard#RECENT_MESSAGE_CHARS}
 * characters. Not thread-safe: the board's lock guards it.
 */
final class RecentRequests {

    private final ArrayDeque<ClosedRequest> recent = new ArrayDeque<>();

    RecentRequests(List<ClosedRequest> restored) {
        recent.addAll(restored.subList(Math.max(0, restored.size() - RequestBoard.RECENT), restored.size()));
    }

    /** Adds {@code c}, forgetting the oldest past the limit. */
    void add(ClosedRequest c) {
        recent.addLast(c);
        if (recent.size() > RequestBoard.RECENT) {
            recent.removeFirst();
        }
    }

    /** Ended request {@code id}, or null when it is not among them. */
    ClosedRequest find(long id) {
        for (ClosedRequest c : recent) {
            if (c.id() == id) {
                return c;
            }
        }
        return null;
    }

    /** All of them, oldest first. */
    List<ClosedRequest> all() {
        return List.copyOf(recent);
    }

    /** {@code info} as the history keeps it: its message cut to {@value RequestBoard#RECENT_MESSAGE_CHARS} chars. */
    static RequestInfo cut(RequestInfo info) {
        return info.message().length() > RequestBoard.RECENT_MESSAGE_CHARS
                ? info.withMessage(shorten(info.message(), RequestBoard.RECENT_MESSAGE_CHARS)) : info;
    }

    /** The first {@code max} chars of {@code text}, one fewer if the cut would split a surrogate pair. */
    static String shorten(String text, int max) {
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
