package org.mediachange.daemon.web.handler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.mediachange.daemon.web.auth.Sessions;
import org.mediachange.daemon.web.http.Http;
import org.mediachange.daemon.web.http.SessionCookie;

/** {@code POST /logout}: ends the session of the cookie sent (if any) and deletes the cookie. */
public final class LogoutHandler implements HttpHandler {

    private final Sessions sessions;
    private final boolean tls;

    /** Ends sessions of {@code sessions}; {@code tls} marks the cookie Secure. */
    public LogoutHandler(Sessions sessions, boolean tls) {
        this.sessions = sessions;
        this.tls = tls;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!"/logout".equals(Http.path(ex))) {
            Http.sendProblem(ex, 404, "not found");
            return;
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            Http.methodNotAllowed(ex, "POST");
            return;
        }
        SessionCookie.value(ex).ifPresent(sessions::revoke);
        ex.getResponseHeaders().add("Set-Cookie", SessionCookie.header("", 0, tls));
        Http.sendJson(ex, 200, java.util.Map.of());
    }
}
