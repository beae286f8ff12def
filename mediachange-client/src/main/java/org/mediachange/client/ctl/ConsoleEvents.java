package org.mediachange.client.ctl;

import com.google.gson.JsonParseException;
import java.util.List;

/**
 * What the events of {@code GET /api/events} mean: the one place that knows
 * their names and payloads, as the web console sends them (docs/WEB.md):
 * <ul>
 * <li>{@code snapshot}: first on every connection; {@code {"now":...,
 * "pending":[...], "recent":[...]}}, the lists as in {@code GET /api/requests}</li>
 * <li>{@code opened}: a request came; one pending request</li>
 * <li>{@code closed}: a request ended; one recent request (outcome, by, closed)</li>
 * </ul>
 * Other event names are ignored, so the console may add some.
 */
final class ConsoleEvents {

    private ConsoleEvents() {
    }

    /** A request event, as {@code watch} uses it. */
    sealed interface ConsoleEvent {
    }

    /** Everything pending (and recently ended) when the stream started. */
    record Snapshot(List<Api.Pending> pending, List<Api.Recent> recent) implements ConsoleEvent {
    }

    /** A new pending request. */
    record Opened(Api.Pending request) implements ConsoleEvent {
    }

    /** A request that ended. */
    record Closed(Api.Recent request) implements ConsoleEvent {
    }

    /** The payloads as they come; {@code now} is not needed, {@code watch} shows times, not ages. */
    private record SnapshotJson(String now, List<Api.Pending> pending, List<Api.Recent> recent) {
    }

    /**
     * The meaning of {@code e}; null for an event this version does not know.
     *
     * @throws JsonParseException when a known event's data is not what it should be
     */
    static ConsoleEvent parse(SseParser.Event e) {
        switch (e.name()) {
            case "snapshot": {
                SnapshotJson s = Api.parse(e.data(), SnapshotJson.class);
                Api.Requests lists = new Api.Requests(s.pending(), s.recent()).checked();
                return new Snapshot(lists.pending(), lists.recent());
            }
            case "opened":
                return new Opened(Api.parse(e.data(), Api.Pending.class));
            case "closed":
                return new Closed(Api.parse(e.data(), Api.Recent.class));
            default:
                return null;
        }
    }
}
