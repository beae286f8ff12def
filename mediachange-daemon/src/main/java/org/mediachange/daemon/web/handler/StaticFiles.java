package org.mediachange.daemon.web.handler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.mediachange.daemon.web.http.Http;
import org.mediachange.daemon.web.http.StaticResources;

/**
 * The page: a few static files shipped in the jar ({@link StaticResources}),
 * read once at start. They hold no data: what the page shows comes from the
 * API after login.
 */
public final class StaticFiles implements HttpHandler {

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "link.js", "text/javascript; charset=utf-8",
            "text.js", "text/javascript; charset=utf-8",
            "icon.svg", "image/svg+xml");

    private record File(String type, byte[] bytes) {
    }

    private final Map<String, File> files = new HashMap<>();

    /** Reads the files from the class path. */
    public StaticFiles() {
        TYPES.forEach((name, type) -> files.put("/" + name, new File(type, StaticResources.read(name))));
        files.put("/", files.get("/index.html"));
    }

    /** The paths served, for the public-path list. */
    public Set<String> paths() {
        return Set.copyOf(files.keySet());
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        File f = files.get(Http.path(ex));
        if (f == null) {
            Http.sendProblem(ex, 404, "not found");
            return;
        }
        if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
            Http.methodNotAllowed(ex, "GET, HEAD");
            return;
        }
        Http.send(ex, 200, f.type(), f.bytes());
    }
}
