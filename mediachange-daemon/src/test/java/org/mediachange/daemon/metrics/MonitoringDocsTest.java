package org.mediachange.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The monitoring documentation against the code: the metric table of
 * docs/OPERATIONS.md is exactly {@link MetricCatalog#markdownTable()}, and the
 * alert rules and the Grafana dashboard in docs/monitoring/ name only metrics
 * that exist (a histogram's with its _bucket, _sum and _count series). The
 * rules' logic is tested by promtool, the queries by a real Prometheus
 * (PrometheusIT).
 */
class MonitoringDocsTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern METRIC = Pattern.compile("\\bmediachange_[a-z_]+\\b");

    @Test
    void operationsMdHasTheMetricTableOfTheCode() throws Exception {
        String doc = Files.readString(DOCS.resolve("OPERATIONS.md"), StandardCharsets.UTF_8);
        assertThat(doc).contains("## Monitoring").contains(MetricCatalog.markdownTable());
    }

    @Test
    void theAlertRulesNameOnlyMetricsThatExist() throws Exception {
        String rules = Files.readString(DOCS.resolve("monitoring/mediachange-rules.yml"), StandardCharsets.UTF_8);
        Set<String> named = metricsIn(rules);
        assertThat(named).isNotEmpty().isSubsetOf(exposed());
        assertThat(named).contains("mediachange_requests_oldest_pending_seconds",
                "mediachange_dialog_process_starts_total", "mediachange_display_answering",
                "mediachange_requests_pending");
        assertThat(rules).contains("alert: MediachangeRequestWaiting", "alert: MediachangeDialogProcessRestarting",
                "alert: MediachangeDisplayNotAnswering", "alert: MediachangeDown");
    }

    @Test
    void theDashboardIsImportReadyAndItsQueriesNameOnlyMetricsThatExist() throws Exception {
        JsonObject dash = JsonParser.parseString(Files.readString(DOCS.resolve("monitoring/mediachange-dashboard.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(dash.getAsJsonArray("__inputs")).as("a data source to choose on import").hasSize(1);
        assertThat(dash.get("uid").getAsString()).isEqualTo("mediachange");
        List<String> queries = dashboardQueries(dash);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(8);
        Set<String> named = new TreeSet<>();
        queries.forEach(q -> named.addAll(metricsIn(q)));
        assertThat(named).isSubsetOf(exposed());
        assertThat(named).contains("mediachange_requests_pending", "mediachange_requests_oldest_pending_seconds",
                "mediachange_requests_total", "mediachange_answer_seconds_bucket", "mediachange_refusals_total",
                "mediachange_dialog_process_starts_total", "mediachange_display_answering");
    }

    /** The panels' query expressions, in order. */
    static List<String> dashboardQueries(JsonObject dashboard) {
        List<String> exprs = new ArrayList<>();
        for (JsonElement p : dashboard.getAsJsonArray("panels")) {
            JsonObject panel = p.getAsJsonObject();
            assertThat(panel.has("targets")).as("panel " + panel.get("title")).isTrue();
            for (JsonElement t : panel.getAsJsonArray("targets")) {
                exprs.add(t.getAsJsonObject().get("expr").getAsString());
            }
        }
        return exprs;
    }

    /** Every series name the daemon can expose. */
    private static Set<String> exposed() {
        return Stream.of(MetricCatalog.values()).flatMap(m -> m.type().equals("histogram")
                ? Stream.of(m.metricName() + "_bucket", m.metricName() + "_sum", m.metricName() + "_count")
                : Stream.of(m.metricName())).collect(Collectors.toSet());
    }

    private static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
