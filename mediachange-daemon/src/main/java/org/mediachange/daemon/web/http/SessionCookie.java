package org.mediachange.daemon.web.http;

import com.sun.net.httpserver.HttpExchange;
import java.util.List;
import java.util.Optional;

/**
 * The console's two cookies, both {@code HttpOnly} (no script reads them),
 * {@code SameSite=Strict} (no other site's page sends them), {@code Secure}
 * under TLS and {@code Path=/}:
 * <ul>
 * <li>the session ({@value #NAME}), set by the login, read by the
 * authentication filter and the logout, lasting no longer than its session;</li>
 * <li>the device token ({@value #DEVICE}), set by every login and kept for a
 * year (a logout keeps it): it makes the browser's later logins as that
 * operator trusted (docs/WEB.md).</li>
 * </ul>
 */
public final class SessionCookie {

    /** The session cookie's name. */
    public static final String NAME = "mediachange-session";
    /** The device cookie's name. */
    public static final String DEVICE = "mediachange-device";

    private SessionCookie() {
    }

    /** The session cookie's value, if the request has one. */
    public static Optional<String> value(HttpExchange ex) {
        return value(ex, NAME);
    }

    /** The device token the request brings, if any. */
    public static Optional<String> device(HttpExchange ex) {
        return value(ex, DEVICE);
    }

    private static Optional<String> value(HttpExchange ex, String name) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return Optional.empty();
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(name + "=")) {
                    return Optional.of(p.substring(name.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    /** The Set-Cookie value for the session {@code value}, lasting {@code maxAge} seconds (0 deletes it). */
    public static String header(String value, long maxAge, boolean tls) {
        return cookie(NAME, value, maxAge, tls);
    }

    /** The Set-Cookie value for the device token {@code value}, lasting {@code maxAge} seconds. */
    public static String deviceHeader(String value, long maxAge, boolean tls) {
        return cookie(DEVICE, value, maxAge, tls);
    }

    private static String cookie(String name, String value, long maxAge, boolean tls) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (tls ? "; Secure" : "");
    }
}
