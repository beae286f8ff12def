package org.mediachange.daemon.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mediachange.daemon.dialog.DialogHealth;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestError;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.requests.ClosedRequest;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.requests.RequestEvent;
import org.mediachange.daemon.tally.Tally;

/**
 * The daemon's metrics ({@link MetricCatalog}) in a registry of the
 * Prometheus Java client. Requests are counted as the {@link RequestBoard}
 * closes them (it is one more listener, like every surface); the rest is read
 * when scraped: the pending requests and the oldest one's age from the board,
 * refusals, dialog processes, notify runs and failed logins from the
 * {@link Tally}s the parts keep where they log those events.
 */
public final class DaemonMetrics implements AutoCloseable {

    /** The refusal reasons counted from 0: denied, busy and every error a connection can be refused with. */
    static final List<String> REFUSAL_REASONS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(Ending.TurnedAway.DENIED.word(), Ending.TurnedAway.BUSY.word()),
            Arrays.stream(RequestError.values()).filter(e -> e != RequestError.DIALOG_FAILED).map(RequestError::token))
            .toList();

    /** The answer-time buckets, in seconds: a few seconds to a day. */
    static final double[] ANSWER_BUCKETS = {1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800,
        43200, 86400};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final RequestBoard board;
    private final Counter requests;
    private final Histogram answerTime;
    private final RequestBoard.Subscription subscription;

    private DaemonMetrics(RequestBoard board, Instant started, String version) {
        this.board = board;
        requests = Counter.builder().name(MetricCatalog.REQUESTS.builderName()).help(MetricCatalog.REQUESTS.help())
                .labelNames(labels(MetricCatalog.REQUESTS)).withoutExemplars().register(registry);
        answerTime = Histogram.builder().name(MetricCatalog.ANSWER_TIME.builderName())
                .help(MetricCatalog.ANSWER_TIME.help()).classicOnly().classicUpperBounds(ANSWER_BUCKETS)
                .withoutExemplars().register(registry);
        GaugeWithCallback.builder().name(MetricCatalog.PENDING.builderName()).help(MetricCatalog.PENDING.help())
                .callback(cb -> cb.call(board.view().pending().size())).register(registry);
        GaugeWithCallback.builder().name(MetricCatalog.OLDEST.builderName()).help(MetricCatalog.OLDEST.help())
                .callback(cb -> cb.call(oldestSeconds(board))).register(registry);
        GaugeWithCallback.builder().name(MetricCatalog.START_TIME.builderName()).help(MetricCatalog.START_TIME.help())
                .callback(cb -> cb.call(started.toEpochMilli() / 1000.0)).register(registry);
        Info info = Info.builder().name(MetricCatalog.BUILD_INFO.builderName()).help(MetricCatalog.BUILD_INFO.help())
                .labelNames(labels(MetricCatalog.BUILD_INFO)).register(registry);
        info.setLabelValues(version);
        // Known series start at 0, so that rate() and increase() see their first event.
        for (String by : List.of("dialog", "web", "link")) {
            requests.initLabelValues("ok", by);
            requests.initLabelValues("cancel", by);
        }
        requests.initLabelValues("timeout", "none");
        requests.initLabelValues("withdrawn", "none");
        subscription = board.subscribe(this::on);
    }

    /**
     * Metrics of the requests on {@code board} from now on, of a daemon that
     * started at {@code started} with {@code version}.
     */
    public static DaemonMetrics start(RequestBoard board, Instant started, String version) {
        return new DaemonMetrics(board, started, version);
    }

    /** Exposes the refusals counted by the audit log ({@code AuditLog.refusals()}). */
    public DaemonMetrics refusals(Tally refusals) {
        return counter(MetricCatalog.REFUSALS, refusals, words(REFUSAL_REASONS));
    }

    /** Exposes the notify runs ({@code Notifier.runs()}). */
    public DaemonMetrics notifyRuns(Tally runs) {
        return counter(MetricCatalog.NOTIFY_RUNS, runs, List.of());
    }

    /** Exposes the web console's refused logins ({@code WebConsole.loginFailures()}). */
    public DaemonMetrics loginFailures(Tally failures) {
        return counter(MetricCatalog.LOGIN_FAILURES, failures, words(List.of("wrong", "throttled", "busy")));
    }

    /** Exposes the dialog side: its process starts, whether one is ready, whether the display answers. */
    public DaemonMetrics dialog(DialogHealth dialog) {
        counter(MetricCatalog.DIALOG_STARTS, dialog.starts(),
                words(Arrays.stream(DialogHealth.StartCause.values()).map(DialogHealth.StartCause::word).toList()));
        GaugeWithCallback.builder().name(MetricCatalog.DIALOG_READY.builderName())
                .help(MetricCatalog.DIALOG_READY.help())
                .callback(cb -> cb.call(dialog.state() == DialogHealth.State.READY ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name(MetricCatalog.DISPLAY_ANSWERING.builderName())
                .help(MetricCatalog.DISPLAY_ANSWERING.help())
                .callback(cb -> cb.call(dialog.displayAnswers() ? 1 : 0)).register(registry);
        return this;
    }

    /** Every metric now. */
    public MetricSnapshots scrape() {
        return registry.scrape();
    }

    /** Stops counting the board's requests. */
    @Override
    public void close() {
        subscription.close();
    }

    /** Seconds the oldest pending request of {@code board} has waited, 0 when none waits. */
    static double oldestSeconds(RequestBoard board) {
        List<RequestInfo> pending = board.view().pending();
        if (pending.isEmpty()) {
            return 0;
        }
        Instant oldest = pending.stream().map(RequestInfo::received).min(Instant::compareTo).orElseThrow();
        return Math.max(0, Duration.between(oldest, board.now()).toMillis() / 1000.0);
    }

    /** The board's listener: under its lock, so only counting (never blocks). */
    private void on(RequestEvent event) {
        if (event instanceof RequestEvent.Closed c) {
            ClosedRequest r = c.request();
            requests.labelValues(r.outcome(), surface(r.ending().by().orElse(null))).inc();
            if (r.ending() instanceof Ending.Answered) {
                answerTime.observe(Duration.between(r.info().received(), r.closed()).toMillis() / 1000.0);
            }
        }
    }

    /** The surface that answered: dialog, web (any operator), link, or none. */
    static String surface(Answerer by) {
        if (by instanceof Answerer.Dialog) {
            return "dialog";
        }
        if (by instanceof Answerer.WebOperator) {
            return "web";
        }
        return by instanceof Answerer.Link ? "link" : "none";
    }

    /** A counter read from {@code tally}, with the label values {@code zeros} at 0 until they happen. */
    private DaemonMetrics counter(MetricCatalog metric, Tally tally, List<List<String>> zeros) {
        CounterWithCallback.builder().name(metric.builderName()).help(metric.help()).labelNames(labels(metric))
                .callback(cb -> {
                    Map<List<String>, Long> counts = tally.snapshot();
                    for (List<String> z : zeros) {
                        counts.putIfAbsent(z, 0L);
                    }
                    for (Map.Entry<List<String>, Long> e : counts.entrySet()) {
                        cb.call(e.getValue(), e.getKey().toArray(String[]::new));
                    }
                }).register(registry);
        return this;
    }

    private static List<List<String>> words(List<String> single) {
        return single.stream().map(List::of).toList();
    }

    private static String[] labels(MetricCatalog metric) {
        return metric.labels().toArray(String[]::new);
    }
}
