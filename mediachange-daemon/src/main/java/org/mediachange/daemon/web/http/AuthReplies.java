package org.mediachange.daemon.web.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import org.mediachange.daemon.web.auth.Authenticator;

/**
 * The answers to a request that did not authenticate, the same from the
 * authentication filter (HTTP Basic) and the login: 401, 429 with
 * {@code Retry-After} when the address must wait, 503 when too many password
 * checks run at once.
 */
public final class AuthReplies {

    /** The header every state-changing request must carry (the CSRF guard), and its value. */
    public static final String CSRF_HEADER = "X-Requested-By";
    /** The value of {@link #CSRF_HEADER}. */
    public static final String CSRF_VALUE = "mediachange";

    private AuthReplies() {
    }

    /** Answers a failed password check: 401, 429 with Retry-After, or 503. */
    public static void refuse(HttpExchange ex, Authenticator.Result r) throws IOException {
        if (r instanceof Authenticator.Result.Throttled t) {
            ex.getResponseHeaders().set("Retry-After", Long.toString(t.seconds()));
            Http.sendProblem(ex, 429, "too many failed logins " + t.where() + ": try again in " + t.seconds() + " s"
                    + (t.trusted() ? "" : "; a browser or mediachangectl that has logged in"
                    + " as this operator before is not held up"));
        } else if (r instanceof Authenticator.Result.Busy) {
            ex.getResponseHeaders().set("Retry-After", "1");
            Http.sendProblem(ex, 503, "too many logins at once: try again");
        } else {
            unauthorized(ex, "wrong name or password");
        }
    }

    /**
     * 401. Scripts and a browser tab opened on an API address are told to use
     * HTTP Basic; the page's own requests (with {@link #CSRF_HEADER}, or made by
     * script, which browsers mark with {@code Sec-Fetch-Mode}) are not, so that
     * the browser shows the page's login form rather than its own prompt.
     */
    public static void unauthorized(HttpExchange ex, String why) throws IOException {
        String mode = ex.getRequestHeaders().getFirst("Sec-Fetch-Mode");
        if (!ex.getRequestHeaders().containsKey(CSRF_HEADER) && (mode == null || "navigate".equals(mode))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"mediachange\", charset=\"UTF-8\"");
        }
        Http.sendProblem(ex, 401, why);
    }
}
