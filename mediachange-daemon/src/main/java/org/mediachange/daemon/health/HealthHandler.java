package org.mediachange.daemon.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import org.mediachange.daemon.web.http.Http;

/**
 * {@code GET /api/health} of the web console, behind its login like the rest
 * of the API: {@link Health.Report} as JSON (docs/WEB.md), always with status
 * 200 when the daemon answers at all; {@code "status"} says {@code healthy} or
 * {@code degraded}.
 */
public final class HealthHandler implements HttpHandler {

    /** Where it is served. */
    public static final String PATH = "/api/health";

    private final Health health;

    /** Reports on {@code health}. */
    public HealthHandler(Health health) {
        this.health = health;
    }

    /**
     * The JSON of {@code GET /api/health}.
     *
     * @param status               {@code healthy} or {@code degraded}
     * @param problems             why it is degraded, for people
     * @param version              the daemon's version
     * @param started              when it started (ISO 8601, UTC)
     * @param now                  the daemon's time
     * @param uptimeSeconds        how long it has run
     * @param dialogState          off, idle, waiting-for-display, starting or ready
     * @param display              the X display, or null without a dialog
     * @param displayAnswering     whether it answers, or null without a dialog
     * @param pending              requests waiting
     * @param oldestPendingSeconds how long the oldest has waited, 0 when none waits
     */
    record Json(String status, List<String> problems, String version, String started, String now,
            long uptimeSeconds, String dialogState, String display, Boolean displayAnswering, int pending,
            long oldestPendingSeconds) {

        static Json of(Health.Report r) {
            return new Json(r.healthy() ? "healthy" : "degraded", r.problems(), r.version(), r.started().toString(),
                    r.now().toString(), r.uptime().toSeconds(), r.dialogState(), r.display(), r.displayAnswering(),
                    r.pending(), r.oldestWait().toSeconds());
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!PATH.equals(Http.path(ex))) {
            Http.sendProblem(ex, 404, "no such resource");
            return;
        }
        if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
            Http.methodNotAllowed(ex, "GET, HEAD");
            return;
        }
        Http.sendJson(ex, 200, Json.of(health.report()));
    }
}
