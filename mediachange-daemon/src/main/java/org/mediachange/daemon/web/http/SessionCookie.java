package org.mediachange.daemon.web.http;

import com.sun.net.httpserver.HttpExchange;
import java.util.List;
import java.util.Optional;

/**
 * The session cookie: read by the authentication filter and the logout, set
 * by the login. {@code HttpOnly} (no script reads it), {@code SameSite=Strict}
 * (no other site's page sends it), {@code Secure} under TLS, and lasting no
 * longer than its session.
 */
public final class SessionCookie {

    /** The cookie's name. */
    public static final String NAME = "mediachange-session";

    private SessionCookie() {
    }

    /** The session cookie's value, if the request has one. */
    public static Optional<String> value(HttpExchange ex) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return Optional.empty();
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(NAME + "=")) {
                    return Optional.of(p.substring(NAME.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    /** The Set-Cookie value for the session {@code value}, lasting {@code maxAge} seconds (0 deletes it). */
    public static String header(String value, long maxAge, boolean tls) {
        return NAME + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (tls ? "; Secure" : "");
    }
}
