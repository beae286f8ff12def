package org.mediachange.daemon.web.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.requests.ClosedRequest;
import org.mediachange.daemon.requests.RequestBoard;

/**
 * The JSON of the web API (docs/WEB.md), as records that Gson writes and reads:
 * no JSON is ever put together or taken apart by hand, so no text can break
 * out of its string. Times are ISO 8601 in UTC.
 */
public final class ApiJson {

    /** Writes nulls (e.g. {@code "by":null}), so every field is always there. */
    public static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private ApiJson() {
    }

    /** A pending request. */
    public record Pending(long id, String received, String peer, String host, String message) {
        public static Pending of(RequestInfo r) {
            return new Pending(r.id(), time(r.received()), r.peer(), r.host(), r.message());
        }
    }

    /** An ended request: outcome as in the audit log, who answered (or null), when it ended. */
    public record Recent(long id, String outcome, String by, String closed, String received, String peer,
            String host, String message) {
        public static Recent of(ClosedRequest c) {
            RequestInfo r = c.info();
            return new Recent(r.id(), c.outcome(), c.by(), time(c.closed()), time(r.received()), r.peer(), r.host(),
                    r.message());
        }
    }

    /** {@code GET /api/requests}: pending oldest first, recent newest first. */
    public record Requests(List<Pending> pending, List<Recent> recent) {
        public static Requests of(RequestBoard.View view) {
            List<Recent> recent = new ArrayList<>(view.recent().stream().map(Recent::of).toList());
            java.util.Collections.reverse(recent);
            return new Requests(view.pending().stream().map(Pending::of).toList(), recent);
        }
    }

    /** The first event of a stream: the server's time (for the ages the page shows) and everything now. */
    public record Snapshot(String now, List<Pending> pending, List<Recent> recent) {
        public static Snapshot of(Instant now, RequestBoard.View view) {
            Requests r = Requests.of(view);
            return new Snapshot(time(now), r.pending(), r.recent());
        }
    }

    /** The body of {@code POST /api/requests/ID/answer}. */
    public record AnswerBody(String answer) {
    }

    /** The reply to an answer: what happened to request {@code id}, for people in {@code message}. */
    public record Answered(long id, String outcome, String by, String message) {
    }

    /** A refusal or error: {@code error} for people. */
    public record Problem(String error) {
    }

    /** The last event of a live stream whose session ended: {@code reason} for people ("you logged out"). */
    public record Ended(String reason) {
    }

    /** {@code GET /api/session}: who is logged in, and the server's time. */
    public record Session(String operator, String now) {
    }

    /** The body of {@code POST /login}. */
    public record Login(String name, String password) {
    }

    static String time(Instant t) {
        return t.toString();
    }
}
