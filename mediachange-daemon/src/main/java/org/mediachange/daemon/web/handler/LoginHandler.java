package org.mediachange.daemon.web.handler;

import com.google.gson.JsonParseException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import org.mediachange.daemon.web.auth.Authenticator;
import org.mediachange.daemon.web.auth.DeviceTokens;
import org.mediachange.daemon.web.auth.Sessions;
import org.mediachange.daemon.web.http.ApiJson;
import org.mediachange.daemon.web.http.AuthReplies;
import org.mediachange.daemon.web.http.Http;
import org.mediachange.daemon.web.http.SessionCookie;
import org.mediachange.daemon.web.http.StrictJson;
import org.mediachange.daemon.web.log.WebLog;

/**
 * {@code POST /login} with {@code {"name":..., "password":...}}: on success a
 * session cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure}
 * under TLS, ending with the session) and a new device token (the same, for a
 * year: the browser's later logins as this operator are trusted); wrong
 * credentials get 401, too many failures 429.
 */
public final class LoginHandler implements HttpHandler {

    private static final WebLog LOG = WebLog.of(LoginHandler.class);

    private final Authenticator authenticator;
    private final Sessions sessions;
    private final Clock clock;
    private final int maxBody;
    private final boolean tls;

    /** Logs in against {@code authenticator}; {@code tls} marks the cookie Secure. */
    public LoginHandler(Authenticator authenticator, Sessions sessions, Clock clock, int maxBody, boolean tls) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.clock = clock;
        this.maxBody = maxBody;
        this.tls = tls;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!"/login".equals(Http.path(ex))) {
            Http.sendProblem(ex, 404, "not found");
            return;
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            Http.methodNotAllowed(ex, "POST");
            return;
        }
        ApiJson.Login login;
        try {
            login = StrictJson.parse(Http.readBody(ex, maxBody), ApiJson.Login.class);
        } catch (JsonParseException e) {
            login = null;
        }
        if (login == null || login.name() == null || login.password() == null) {
            Http.sendProblem(ex, 400, "expected {\"name\": ..., \"password\": ...}");
            return;
        }
        char[] password = login.password().toCharArray();
        Authenticator.Result r;
        try {
            r = authenticator.check(new Authenticator.Attempt(login.name(), password,
                    ex.getRemoteAddress().getAddress(), SessionCookie.device(ex).orElse(null),
                    Authenticator.How.LOGIN));
        } finally {
            Arrays.fill(password, '\0');
        }
        if (!(r instanceof Authenticator.Result.Ok ok)) {
            AuthReplies.refuse(ex, r);
            return;
        }
        String name = ok.operator().name();
        ex.getResponseHeaders().add("Set-Cookie", SessionCookie.header(sessions.issue(ok.operator()),
                Sessions.LIFETIME.toSeconds(), tls));
        ex.getResponseHeaders().add("Set-Cookie", SessionCookie.deviceHeader(ok.deviceToken(),
                DeviceTokens.LIFETIME.toSeconds(), tls));
        LOG.info("web console: {} logged in from {}{}", name, ex.getRemoteAddress().getAddress(),
                ok.trusted() ? " (a device that had logged in before)" : "");
        Http.sendJson(ex, 200, new ApiJson.Session(name, clock.instant().toString()));
    }
}
