package org.mediachange.daemon.metrics;

import java.util.List;

/**
 * Every metric of {@code /metrics}: name, type, labels and meaning, in one
 * place. {@link DaemonMetrics} registers them from here, and the table in
 * docs/OPERATIONS.md ("Monitoring") is checked against {@link #markdownTable()}
 * by a test, so the documentation cannot drift from the code.
 */
public enum MetricCatalog {

    /** Requests that ended. */
    REQUESTS("mediachange_requests_total", "counter", List.of("outcome", "by"),
            "Requests that ended, by the audit log's outcome word (ok, cancel, timeout, withdrawn, undeliverable:ok,"
                    + " error:shutting-down, ...) and who answered: dialog, web, link, or none."),
    PENDING("mediachange_requests_pending", "gauge", List.of(),
            "Requests waiting for an answer now."),
    OLDEST("mediachange_requests_oldest_pending_seconds", "gauge", List.of(),
            "How long the oldest waiting request has waited, in seconds, at the time of the scrape; 0 when none waits."),
    ANSWER_TIME("mediachange_answer_seconds", "histogram", List.of(),
            "Time from a request's arrival to an operator's answer (Ok or Cancel on any surface), in seconds;"
                    + " buckets from 1 s to a day."),
    REFUSALS("mediachange_refusals_total", "counter", List.of("reason"),
            "Connections refused before they became a request, by reason: denied (not in --allow), busy, or the"
                    + " audit log's error word (line-too-long, request-timeout, authentication-failed, ...)."),
    DIALOG_STARTS("mediachange_dialog_process_starts_total", "counter", List.of("cause"),
            "Dialog processes started, by cause: first, or why the one before ended: display (the X server went"
                    + " away), exited, killed (hung), idle (it ended after --dialog-keep-warm without a dialog). Only with"
                    + " --dialog x11."),
    DIALOG_READY("mediachange_dialog_process_ready", "gauge", List.of(),
            "1 while a dialog process is running and ready to show requests, else 0 (also while none runs because"
                    + " no request needs one, see --dialog-keep-warm). Only with --dialog x11."),
    DISPLAY_ANSWERING("mediachange_display_answering", "gauge", List.of(),
            "1 while the X display at DISPLAY answers, else 0. Only with --dialog x11."),
    NOTIFY_RUNS("mediachange_notify_runs_total", "counter", List.of("event", "result"),
            "Notify command runs, by event (new, reminder, closed) and result (ok, failed, killed, not-started,"
                    + " dropped). Only with --notify."),
    LOGIN_FAILURES("mediachange_web_login_failures_total", "counter", List.of("reason"),
            "Web console logins and HTTP Basic checks refused, by reason: wrong (name or password), throttled (refused"
                    + " unchecked: too many failures from that address, for that name, in all, or with that device token),"
                    + " busy (no password check free in time). Only with --web."),
    START_TIME("mediachange_start_time_seconds", "gauge", List.of(),
            "When the daemon started, in seconds since 1970 (uptime: time() - this)."),
    BUILD_INFO("mediachange_build_info", "info", List.of("version"),
            "The daemon's version, as a label of a metric that is always 1.");

    private final String name;
    private final String type;
    private final List<String> labels;
    private final String help;

    MetricCatalog(String name, String type, List<String> labels, String help) {
        this.name = name;
        this.type = type;
        this.labels = labels;
        this.help = help;
    }

    /** The name as exposed (a counter's with {@code _total}, an info's with {@code _info}). */
    public String metricName() {
        return name;
    }

    /** The name the Java client's builders take: without {@code _total} or {@code _info}. */
    String builderName() {
        return name.replaceFirst("_(total|info)$", "");
    }

    /** counter, gauge, histogram or info. */
    public String type() {
        return type;
    }

    /** The label names. */
    public List<String> labels() {
        return labels;
    }

    /** What it means, one sentence or two. */
    public String help() {
        return help;
    }

    /** The metric table of docs/OPERATIONS.md, one row per metric. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| Metric | Type | Labels | Meaning |\n| --- | --- | --- | --- |\n");
        for (MetricCatalog m : values()) {
            sb.append("| `").append(m.name).append("` | ").append(m.type).append(" | ")
                    .append(m.labels.isEmpty() ? "" : "`" + String.join("`, `", m.labels) + "`").append(" | ")
                    .append(m.help).append(" |\n");
        }
        return sb.toString();
    }
}
