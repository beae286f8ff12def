package org.mediachange.daemon.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Supplier;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.mediachange.daemon.web.http.Http;

/**
 * {@code GET /metrics}: the metrics in the Prometheus text format (version
 * 0.0.4), or in OpenMetrics 1.0 when the {@code Accept} header asks for
 * {@code application/openmetrics-text}, as Prometheus does. Written by the
 * Prometheus Java client's own writers. Never the protobuf format: it is not
 * needed, and its writer is not in the jars this daemon ships.
 */
public final class MetricsHandler implements HttpHandler {

    /** Where the metrics are served. */
    public static final String PATH = "/metrics";

    private final Supplier<MetricSnapshots> metrics;
    private final ExpositionFormatWriter text = PrometheusTextFormatWriter.create();
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

    /** Serves what {@code metrics} gives at each scrape. */
    public MetricsHandler(Supplier<MetricSnapshots> metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!PATH.equals(Http.path(ex))) {
            Http.sendProblem(ex, 404, "no such page");
            return;
        }
        String method = ex.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            Http.methodNotAllowed(ex, "GET, HEAD");
            return;
        }
        ExpositionFormatWriter writer = openMetrics.accepts(ex.getRequestHeaders().getFirst("Accept"))
                ? openMetrics : text;
        ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        writer.write(body, metrics.get());
        Http.send(ex, 200, writer.getContentType(), body.toByteArray());
    }
}
