package org.mediachange.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RequiresPython;

/**
 * {@code /metrics} over real HTTP, read by the Prometheus project's own
 * Python parser (Debian's python3-prometheus-client), after a scripted set of
 * requests: Ok on the dialog, Cancel in the web console, a timeout, a
 * withdrawal and two refusals; the oldest request's age grows while it waits.
 */
@ExtendWith(RequiresPython.class)
@Timeout(120)
class MetricsOverHttpTest {

    private static final AllowList LOOPBACK = AllowList.parse(List.of("127.0.0.0/8", "::1"));

    @TempDir
    Path dir;

    @Test
    void everyCounterHasItsValueAfterAScriptedSetOfRequests() throws Exception {
        ScriptedOperator operator = ScriptedOperator.scripted(
                r -> r.message().equals("ok on the dialog") ? Optional.of(Decision.OK) : Optional.empty());
        try (MetricsFixture f = MetricsFixture.start(operator, dir, Duration.ofSeconds(8), LOOPBACK)) {
            // First, so that its answer timeout runs out while the others are made.
            Peer timeout = Peer.connect(f.port()).readTimeout(30_000).send("nobody answers this\n");
            awaitPending(f, "nobody answers this");
            try (Peer ok = Peer.connect(f.port())) {
                assertThat(ok.send("ok on the dialog\n").readAll()).isEqualTo("Ok\n");
            }

            Peer cancel = Peer.connect(f.port()).send("cancel in the web console\n");
            RequestInfo waiting = awaitPending(f, "cancel in the web console");
            MetricsFixture.Parsed first = MetricsFixture.parse(f.uri("/metrics"), false, dir);
            assertThat(first.value("mediachange_requests_pending")).isEqualTo(2);
            double age1 = first.value("mediachange_requests_oldest_pending_seconds");
            Thread.sleep(1200);
            double age2 = MetricsFixture.parse(f.uri("/metrics"), false, dir)
                    .value("mediachange_requests_oldest_pending_seconds");
            assertThat(age2).as("the oldest request's age grows while it waits").isGreaterThanOrEqualTo(age1 + 1.0);
            HttpResponse<String> answered = f.post("/api/requests/" + waiting.id() + "/answer",
                    "{\"answer\":\"cancel\"}", "Authorization", MetricsFixture.basic(MetricsFixture.NAME,
                            MetricsFixture.PASSWORD), "X-Requested-By", "mediachange",
                    "Content-Type", "application/json");
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat(cancel.readAll()).isEqualTo("Cancel\n");
            cancel.close();

            assertThat(timeout.readAll()).isEqualTo("Timeout\n");
            timeout.close();

            Peer withdrawn = Peer.connect(f.port()).send("withdrawn by its client\n");
            awaitPending(f, "withdrawn by its client");
            withdrawn.close();

            try (Peer empty = Peer.connect(f.port())) {
                assertThat(empty.send("\n").readAll()).isEqualTo("Error empty message\n");
            }
            try (Peer denied = Peer.connect(InetAddress.getLoopbackAddress(), f.port(),
                    InetAddress.getByName("127.0.0.2"))) {
                assertThat(denied.readAll()).isEqualTo("Denied\n");
            }
            HttpResponse<String> wrong = f.get("/api/health", "Authorization",
                    MetricsFixture.basic(MetricsFixture.NAME, "not the password"));
            assertThat(wrong.statusCode()).isEqualTo(401);

            // The client hears its answer before the board closes the request: wait for the board.
            await(() -> f.board().view().recent().size() == 4 && f.board().view().pending().isEmpty(), 15);

            for (boolean openMetrics : new boolean[] {false, true}) {
                MetricsFixture.Parsed m = MetricsFixture.parse(f.uri("/metrics"), openMetrics, dir);
                assertThat(m.contentType()).startsWith(openMetrics ? "application/openmetrics-text; version=1.0.0"
                        : "text/plain; version=0.0.4");
                String requests = openMetrics ? "mediachange_requests_total" : "mediachange_requests_total";
                assertThat(m.value(requests, "outcome", "ok", "by", "dialog")).isEqualTo(1);
                assertThat(m.value(requests, "outcome", "cancel", "by", "web")).isEqualTo(1);
                assertThat(m.value(requests, "outcome", "timeout", "by", "none")).isEqualTo(1);
                assertThat(m.value(requests, "outcome", "withdrawn", "by", "none")).isEqualTo(1);
                assertThat(m.all(requests).stream().mapToDouble(MetricsFixture.Sample::value).sum())
                        .as("no other request counted").isEqualTo(4);
                assertThat(m.value("mediachange_answer_seconds_count")).isEqualTo(2);
                assertThat(m.value("mediachange_answer_seconds_bucket", "le", "+Inf")).isEqualTo(2);
                assertThat(m.value("mediachange_answer_seconds_bucket", "le", "86400.0")).isEqualTo(2);
                assertThat(m.value("mediachange_answer_seconds_sum")).as("the web answer came after 1.2 s or more")
                        .isGreaterThan(1.2);
                assertThat(m.value("mediachange_requests_pending")).isZero();
                assertThat(m.value("mediachange_requests_oldest_pending_seconds")).isZero();
                assertThat(m.value("mediachange_refusals_total", "reason", "empty-message")).isEqualTo(1);
                assertThat(m.value("mediachange_refusals_total", "reason", "denied")).isEqualTo(1);
                assertThat(m.all("mediachange_refusals_total").stream().mapToDouble(MetricsFixture.Sample::value)
                        .sum()).as("no other refusal counted").isEqualTo(2);
                assertThat(m.value("mediachange_web_login_failures_total", "reason", "wrong")).isEqualTo(1);
                assertThat(m.value("mediachange_web_login_failures_total", "reason", "throttled")).isZero();
                assertThat(m.value("mediachange_build_info", "version", MetricsFixture.VERSION)).isEqualTo(1);
                assertThat(m.value("mediachange_start_time_seconds"))
                        .isBetween(System.currentTimeMillis() / 1000.0 - 300, System.currentTimeMillis() / 1000.0);
                assertThat(m.types()).containsEntry("mediachange_answer_seconds", "histogram")
                        .containsEntry("mediachange_requests_pending", "gauge")
                        .containsEntry("mediachange_requests", "counter");
            }
        }
    }

    private static RequestInfo awaitPending(MetricsFixture f, String message) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() - end < 0) {
            Optional<RequestInfo> r = f.board().view().pending().stream().filter(i -> i.message().equals(message))
                    .findFirst();
            if (r.isPresent()) {
                return r.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("request '" + message + "' never became pending");
    }

    private static void await(BooleanSupplier condition, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }
}
