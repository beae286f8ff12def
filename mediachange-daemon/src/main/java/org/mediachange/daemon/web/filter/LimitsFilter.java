package org.mediachange.daemon.web.filter;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.mediachange.daemon.web.http.Http;
import org.mediachange.daemon.web.http.WebLimits;
import org.mediachange.daemon.web.log.RequestText;
import org.mediachange.daemon.web.log.WebLog;

/**
 * Size limits the JDK server does not enforce by itself or not on every JDK
 * 17: request line and headers together (431), and a declared body (413);
 * bodies without a length are cut by the handlers' bounded reads. The time
 * and connection limits are the server's own (see
 * {@link org.mediachange.daemon.web.WebConsole}).
 */
public final class LimitsFilter extends Filter {

    private static final WebLog LOG = WebLog.of(LimitsFilter.class);

    private final WebLimits limits;

    /** Enforces {@code limits}. */
    public LimitsFilter(WebLimits limits) {
        this.limits = limits;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        long size = ex.getRequestMethod().length() + ex.getRequestURI().toString().length() + 12;
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            for (String v : h.getValue()) {
                size += h.getKey().length() + v.length() + 4;
            }
        }
        if (size > limits.maxHeaderBytes()) {
            LOG.info("web console: refused a request from {}: headers of {} bytes", peer(ex), size);
            ex.getResponseHeaders().set("Connection", "close");
            Http.sendProblem(ex, 431, "request headers longer than " + limits.maxHeaderBytes() + " bytes");
            return;
        }
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && !length.isBlank()) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > limits.maxBodyBytes()) {
                LOG.info("web console: refused a request from {}: body of {} bytes", peer(ex), RequestText.of(length.strip()));
                Http.sendProblem(ex, 413, "request body longer than " + limits.maxBodyBytes() + " bytes");
                return;
            }
        }
        try {
            chain.doFilter(ex);
        } catch (Http.BodyTooLargeException e) {
            LOG.info("web console: refused a request from {}: {}", peer(ex), e.getMessage());
            Http.sendProblem(ex, 413, e.getMessage());
        }
    }

    private static String peer(HttpExchange ex) {
        return ex.getRemoteAddress().getAddress().getHostAddress();
    }

    @Override
    public String description() {
        return "size limits";
    }
}
