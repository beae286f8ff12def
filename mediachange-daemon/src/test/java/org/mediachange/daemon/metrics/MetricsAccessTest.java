package org.mediachange.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.web.http.WebLimits;
import org.mediachange.daemon.web.filter.SecurityHeadersFilter;

/**
 * Who may read {@code /metrics} and {@code /api/health}: the metrics need no
 * login but still pass the allow list and get the security headers, on the
 * web console's port and on a port of their own; the health needs the login
 * like the rest of the API; nothing else became public.
 */
class MetricsAccessTest {

    private static final AllowList LOOPBACK = AllowList.parse(List.of("127.0.0.0/8", "::1"));
    private static final AllowList ELSEWHERE = AllowList.parse(List.of("10.0.0.0/8"));

    @TempDir
    Path dir;

    @Test
    void metricsNeedNoLoginOnTheWebConsoleButKeepItsHeadersAndTheHealthNeedsTheLogin() throws Exception {
        try (MetricsFixture f = MetricsFixture.start(ScriptedOperator.holding(), dir, Duration.ZERO, LOOPBACK)) {
            HttpResponse<String> metrics = f.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("mediachange_requests_pending 0.0");
            assertSecurityHeaders(metrics);

            HttpResponse<String> health = f.get("/api/health");
            assertThat(health.statusCode()).isEqualTo(401);
            assertSecurityHeaders(health);
            HttpResponse<String> healthIn = f.get("/api/health", "Authorization",
                    MetricsFixture.basic(MetricsFixture.NAME, MetricsFixture.PASSWORD));
            assertThat(healthIn.statusCode()).isEqualTo(200);
            assertThat(healthIn.body()).contains("\"status\":\"healthy\"", "\"version\":\"" + MetricsFixture.VERSION
                    + "\"", "\"dialogState\":\"off\"", "\"pending\":0");

            assertThat(f.get("/metricsfoo").statusCode()).as("only /metrics itself is open").isEqualTo(401);
            assertThat(f.get("/metrics/x").statusCode()).isEqualTo(401);
            assertThat(f.post("/metrics", "").statusCode()).as("no change without the CSRF header").isEqualTo(403);
            assertThat(f.post("/metrics", "", "X-Requested-By", "mediachange").statusCode()).isEqualTo(405);
            assertThat(f.get("/api/requests").statusCode()).as("the rest of the API stays closed").isEqualTo(401);
        }
    }

    @Test
    void theWebConsolesAllowListHoldsForTheMetrics() throws Exception {
        try (MetricsFixture f = MetricsFixture.start(ScriptedOperator.holding(), dir, Duration.ZERO, ELSEWHERE)) {
            HttpResponse<String> metrics = f.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(403);
            assertSecurityHeaders(metrics);
        }
    }

    @Test
    void aPortOfTheirOwnServesOnlyTheMetricsToTheAllowedWithTheSameHeaders() throws Exception {
        RequestBoard board = new RequestBoard();
        try (DaemonMetrics metrics = DaemonMetrics.start(board, Instant.now(), "1.2.3");
                MetricsServer allowed = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), LOOPBACK,
                        WebLimits.DEFAULT, new MetricsHandler(metrics::scrape));
                MetricsServer refused = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), ELSEWHERE,
                        WebLimits.DEFAULT, new MetricsHandler(metrics::scrape))) {
            URI base = URI.create("http://" + "127.0.0.1:" + allowed.address().getPort());
            HttpResponse<String> ok = get(base.resolve("/metrics"), "Accept", "application/openmetrics-text");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).hasValue(
                    "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(ok.body()).contains("mediachange_build_info{version=\"1.2.3\"} 1").endsWith("# EOF\n");
            assertSecurityHeaders(ok);
            assertThat(get(base.resolve("/metrics")).headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(get(base.resolve("/")).statusCode()).isEqualTo(404);
            assertThat(get(base.resolve("/api/health")).statusCode()).isEqualTo(404);
            HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            HttpResponse<String> denied = get(URI.create("http://127.0.0.1:" + refused.address().getPort()
                    + "/metrics"));
            assertThat(denied.statusCode()).isEqualTo(403);
            assertSecurityHeaders(denied);
        }
    }

    private static HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            r.headers(headers);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertSecurityHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeadersFilter.CSP);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
}
