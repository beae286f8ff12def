package org.mediachange.daemon.web.handler;

import com.google.gson.JsonParseException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mediachange.daemon.model.AnswerResult;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.web.auth.Access;
import org.mediachange.daemon.web.events.EventHub;
import org.mediachange.daemon.web.http.ApiJson;
import org.mediachange.daemon.web.http.Http;
import org.mediachange.daemon.web.http.StrictJson;
import org.mediachange.daemon.web.log.WebLog;

/**
 * The JSON API under {@code /api/} (docs/WEB.md), for the page and for
 * scripts; the authentication filter has already named the operator:
 * <ul>
 * <li>{@code GET /api/session}: who is logged in</li>
 * <li>{@code GET /api/requests}: pending and recent requests</li>
 * <li>{@code POST /api/requests/ID/answer} {@code {"answer":"ok"|"cancel"}}:
 * 200, 409 when no longer pending, 404 for an unknown id</li>
 * <li>{@code GET /api/events}: the live stream ({@link EventHub})</li>
 * </ul>
 */
public final class ApiHandler implements HttpHandler {

    private static final WebLog LOG = WebLog.of(ApiHandler.class);
    private static final Pattern ANSWER = Pattern.compile("/api/requests/([0-9]{1,18})/answer");

    private final RequestBoard board;
    private final EventHub events;
    private final Clock clock;
    private final int maxBody;

    /** Serves {@code board}; streams through {@code events}. */
    public ApiHandler(RequestBoard board, EventHub events, Clock clock, int maxBody) {
        this.board = board;
        this.events = events;
        this.clock = clock;
        this.maxBody = maxBody;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = Http.path(ex);
        String method = ex.getRequestMethod();
        String operator = (String) ex.getAttribute(Http.OPERATOR);
        Matcher answer = ANSWER.matcher(path);
        if (answer.matches()) {
            if ("POST".equals(method)) {
                answer(ex, Long.parseLong(answer.group(1)), operator);
            } else {
                Http.methodNotAllowed(ex, "POST");
            }
            return;
        }
        switch (path) {
            case "/api/session", "/api/requests" -> {
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    Http.methodNotAllowed(ex, "GET, HEAD");
                } else if (path.equals("/api/session")) {
                    Http.sendJson(ex, 200, new ApiJson.Session(operator, clock.instant().toString()));
                } else {
                    Http.sendJson(ex, 200, ApiJson.Requests.of(board.view()));
                }
            }
            case "/api/events" -> {
                if ("GET".equals(method)) {
                    events.serve(ex, (Access) ex.getAttribute(Http.ACCESS));
                } else {
                    Http.methodNotAllowed(ex, "GET");
                }
            }
            default -> Http.sendProblem(ex, 404, "not found");
        }
    }

    private void answer(HttpExchange ex, long id, String operator) throws IOException {
        ApiJson.AnswerBody body;
        try {
            body = StrictJson.parse(Http.readBody(ex, maxBody), ApiJson.AnswerBody.class);
        } catch (JsonParseException e) {
            body = null;
        }
        String word = body == null || body.answer() == null ? "" : body.answer().toLowerCase(Locale.ROOT);
        Decision decision = switch (word) {
            case "ok" -> Decision.OK;
            case "cancel" -> Decision.CANCEL;
            default -> null;
        };
        if (decision == null) {
            Http.sendProblem(ex, 400, "expected {\"answer\": \"ok\"} or {\"answer\": \"cancel\"}");
            return;
        }
        Answerer by = Answerer.operator(operator);
        AnswerResult r = board.answer(id, decision, by);
        switch (r.status()) {
            case ANSWERED -> {
                LOG.info("web console: {} answered request {} {}", operator, id, word);
                Http.sendJson(ex, 200, new ApiJson.Answered(id, word, by.token(), r.message()));
            }
            case TOO_LATE -> {
                LOG.info("web console: {} answered request {} too late: {}", operator, id,
                        r.message());
                Http.sendJson(ex, 409, new ApiJson.Problem(r.message()));
            }
            default -> Http.sendJson(ex, 404, new ApiJson.Problem(r.message()));
        }
    }
}
