package org.mediachange.daemon.web.filter;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Puts the browser's own defences on every response, refusals included: a
 * Content-Security-Policy that allows only this origin's files (no inline
 * script or style, no plug-ins, no framing, forms only to this origin), no
 * framing, no MIME sniffing, no referrer, nothing cached, no cross-origin use.
 */
public final class SecurityHeadersFilter extends Filter {

    /** The policy: everything from this origin only; no inline code anywhere. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final boolean tls;

    /** {@code tls}: the console is served over HTTPS (then browsers are told to stay on it). */
    public SecurityHeadersFilter(boolean tls) {
        this.tls = tls;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Frame-Options", "DENY");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        if (tls) {
            h.set("Strict-Transport-Security", "max-age=31536000");
        }
        chain.doFilter(ex);
    }

    @Override
    public String description() {
        return "security headers";
    }
}
