package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * The monitoring of docs/monitoring/ against the real thing (issue 19): the
 * alert rules pass {@code promtool check rules} and their unit tests; the
 * daemon's {@code /metrics} passes {@code promtool check metrics}; and a real
 * Prometheus (Debian's), started here on loopback with a configuration and a
 * data directory of its own, scrapes the daemon started by its launcher, runs
 * every query of the Grafana dashboard, and fires the request-waiting alert of
 * the documented rule file, its threshold cut from 30 minutes to 2 seconds.
 */
@ExtendWith({RequiresDisplay.class, RequiresTools.class, RequiresPrometheus.class})
@Timeout(240)
class PrometheusIT {

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path monitoring(Outside outside) {
        return outside.root().resolve("docs").resolve("monitoring");
    }

    @Test
    void promtoolChecksTheRulesAndRunsTheirUnitTests() throws Exception {
        Outside outside = new Outside(work);
        Path dir = monitoring(outside);
        Outside.Ran check = outside.run(Map.of(), List.of("promtool", "check", "rules",
                dir.resolve("mediachange-rules.yml").toString()), 60);
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("SUCCESS: 4 rules found");
        Outside.Ran test = outside.run(Map.of(), List.of("sh", "-c", "cd \"$0\" && exec promtool test rules"
                + " mediachange-rules.test.yml", dir.toString()), 60);
        assertThat(test.code()).as(test.out() + test.err()).isZero();
        assertThat(test.out()).contains("SUCCESS");
    }

    @Test
    void aRealPrometheusScrapesTheDaemonRunsTheDashboardsQueriesAndFiresTheWaitingAlert() throws Exception {
        Outside outside = new Outside(work);
        int metricsPort = Outside.freePort();
        try (Outside.Daemon daemon = outside.daemon("--allow", "127.0.0.0/8", "--metrics",
                "127.0.0.1:" + metricsPort)) {
            String exposition = get(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"));
            assertThat(exposition).contains("mediachange_requests_pending 0.0");
            Path scraped = Files.writeString(work.resolve("scraped.txt"), exposition);
            Outside.Ran lint = outside.run(Map.of(), List.of("sh", "-c", "exec promtool check metrics < \"$0\"",
                    scraped.toString()), 60);
            assertThat(lint.code()).as(lint.out() + lint.err()).isZero();

            Path rules = shortenedRules(outside);
            int promPort = Outside.freePort();
            Path config = Files.writeString(work.resolve("prometheus.yml"), String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  evaluation_interval: 1s",
                    "rule_files:",
                    "  - " + rules,
                    "scrape_configs:",
                    "  - job_name: mediachange",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + metricsPort + "']",
                    ""));
            Path data = Files.createDirectory(work.resolve("prometheus-data"));
            try (Launched prometheus = outside.start(List.of("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + promPort))) {
                String api = "http://127.0.0.1:" + promPort;
                awaitReady(prometheus, api);
                await(() -> value(query(api, "up{job=\"mediachange\"}")).equals("1"), 30, "the daemon scraped (up 1)");

                try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(daemon.port()),
                        "Please mount volume 7")) {
                    await(() -> value(query(api, "mediachange_requests_pending")).equals("1"), 30,
                            "the waiting request seen by Prometheus");
                    JsonObject alert = awaitFiring(api, "MediachangeRequestWaiting", 60);
                    assertThat(alert.getAsJsonObject("labels").get("severity").getAsString()).isEqualTo("warning");
                    assertThat(alert.getAsJsonObject("annotations").get("summary").getAsString())
                            .startsWith("A backup has waited ").endsWith("for an operator on 127.0.0.1:" + metricsPort);
                    assertThat(Double.parseDouble(value(query(api, "mediachange_requests_oldest_pending_seconds"))))
                            .isGreaterThan(2);
                    dashboardQueriesRun(outside, api);
                    assertThat(client.process().isAlive()).as("the client still waits").isTrue();
                }
                // The client gone, its request is withdrawn, and Prometheus sees that too.
                await(() -> value(query(api, "mediachange_requests_pending")).equals("0"), 30, "no request waiting");
                await(() -> value(query(api, "mediachange_requests_total{outcome=\"withdrawn\"}")).equals("1"), 30,
                        "the withdrawal counted");
            }
        }
    }

    /** The documented rule file with MediachangeRequestWaiting's 30 minutes cut to 2 seconds. */
    private Path shortenedRules(Outside outside) throws Exception {
        String rules = Files.readString(monitoring(outside).resolve("mediachange-rules.yml"), StandardCharsets.UTF_8);
        String threshold = "expr: mediachange_requests_oldest_pending_seconds > 1800";
        assertThat(rules.split(java.util.regex.Pattern.quote(threshold), -1)).as("the threshold, once").hasSize(2);
        return Files.writeString(work.resolve("rules.yml"),
                rules.replace(threshold, "expr: mediachange_requests_oldest_pending_seconds > 2"));
    }

    /** Every query of the dashboard, as Grafana would send it, runs without error; most have data. */
    private void dashboardQueriesRun(Outside outside, String api) throws Exception {
        JsonObject dash = JsonParser.parseString(Files.readString(monitoring(outside)
                .resolve("mediachange-dashboard.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        List<String> empty = new ArrayList<>();
        int ran = 0;
        for (JsonElement p : dash.getAsJsonArray("panels")) {
            for (JsonElement t : p.getAsJsonObject().getAsJsonArray("targets")) {
                String expr = t.getAsJsonObject().get("expr").getAsString().replace("$instance", ".+")
                        .replace("$__rate_interval", "1m");
                JsonObject r = query(api, expr);
                assertThat(r.get("status").getAsString()).as(expr).isEqualTo("success");
                ran++;
                if (r.getAsJsonObject("data").getAsJsonArray("result").isEmpty()) {
                    empty.add(expr);
                }
            }
        }
        assertThat(ran).isGreaterThanOrEqualTo(8);
        // Without refusals, restarts, notify runs or failed logins yet, those panels (which show only
        // what happened, "> 0") are empty; the others have data.
        assertThat(empty).allMatch(e -> e.endsWith("> 0") || e.startsWith("histogram_quantile"), "empty: " + empty);
    }

    private JsonObject query(String api, String promql) throws Exception {
        String body = get(URI.create(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        return JsonParser.parseString(body).getAsJsonObject();
    }

    /** The value of a query's single result, or "" when it has none. */
    private static String value(JsonObject response) {
        JsonArray result = response.getAsJsonObject("data").getAsJsonArray("result");
        if (result.size() != 1) {
            return "";
        }
        return result.get(0).getAsJsonObject().getAsJsonArray("value").get(1).getAsString();
    }

    private JsonObject awaitFiring(String api, String name, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() - end < 0) {
            last = get(URI.create(api + "/api/v1/alerts"));
            for (JsonElement a : JsonParser.parseString(last).getAsJsonObject().getAsJsonObject("data")
                    .getAsJsonArray("alerts")) {
                JsonObject alert = a.getAsJsonObject();
                if (alert.getAsJsonObject("labels").get("alertname").getAsString().equals(name)
                        && alert.get("state").getAsString().equals("firing")) {
                    return alert;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " not firing within " + seconds + " s: " + last);
    }

    private void awaitReady(Launched prometheus, String api) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            if (!prometheus.process().isAlive() || System.nanoTime() - end > 0) {
                throw new AssertionError("prometheus did not get ready: " + prometheus.stderr());
            }
            Thread.sleep(200);
        }
    }

    private String get(URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    /** A condition that may throw. */
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check check, long seconds, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.holds()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            Thread.sleep(250);
        }
    }
}
