package org.mediachange.daemon.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.allow.Cidr;
import org.mediachange.daemon.tally.Tally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one machine-parseable line per connection to the logger
 * {@code mediachange.audit}: {@code key=value} pairs, text values quoted and
 * escaped so a message can never break or forge a line. Where the lines go
 * (console, file, rotation) is up to the logback configuration.
 *
 * <p>Refusals ({@link #refused}) go through a {@link RefusalLimiter}: past
 * its rate, a source's refusals are counted instead of written, and one
 * summary line per source says how many there were ({@code outcome=denied
 * peer=10.1.2.3 suppressed=8466 seconds=10.000}). A timer writes the summary
 * when the window ends even if no refusal follows, and {@link #close()}
 * writes what is still counted.
 */
public final class AuditLog implements AutoCloseable {

    /** Name of the audit logger, for logback configuration. */
    public static final String LOGGER_NAME = "mediachange.audit";

    /** How long the summary timer's thread stays after its last summary. */
    private static final long TIMER_KEEP_ALIVE_SECONDS = 30;

    private final Logger log;
    private final RefusalLimiter limiter;
    /** Connections that never became a request, by reason: {@code denied}, {@code busy} or an error token. */
    private final Tally refusals = new Tally(1);
    /** Writes summaries when a window ends; has a thread only while one is due (and briefly after). */
    private final ScheduledThreadPoolExecutor timer;
    private boolean armed; // guarded by this
    private boolean closed; // guarded by this

    /** An audit log writing to {@link #LOGGER_NAME}, with the default refusal limits. */
    public AuditLog() {
        this(LoggerFactory.getLogger(LOGGER_NAME));
    }

    /** An audit log writing to {@code log}, with the default refusal limits. */
    public AuditLog(Logger log) {
        this(log, new RefusalLimiter(RefusalLimiter.Limits.DEFAULT, System::nanoTime));
    }

    /** An audit log writing to {@code log}, limiting refusal lines with {@code limiter}. */
    public AuditLog(Logger log, RefusalLimiter limiter) {
        this.log = log;
        this.limiter = limiter;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mediachanged-audit-summary");
            t.setDaemon(true);
            return t;
        });
        timer.setKeepAliveTime(TIMER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /**
     * Records the end of one connection that never became a request (a refusal).
     *
     * @param outcome  how it ended
     * @param error    the reason for {@link Outcome#ERROR}, else {@code null}
     * @param peer     the remote address
     * @param hostName the peer's name if it was looked up, else {@code null}
     * @param message  the request line if one was read, else {@code null}
     * @param seconds  the connection's age
     */
    public void record(Outcome outcome, RequestError error, InetSocketAddress peer, String hostName, String message,
            double seconds) {
        refusals.add(error == null ? outcome.token() : error.token());
        log.info(format(outcome, error == null ? null : error.token(), 0, null, peer, hostName, message, seconds));
    }

    /**
     * Records the end of request {@code id}.
     *
     * @param outcome  how it ended
     * @param detail   after {@code outcome:}, e.g. the reason of an error or the answer that could not
     *                 be delivered; {@code null} for none
     * @param id       the request's id on the board
     * @param by       who answered ({@code dialog}, {@code web:NAME}, ...), or {@code null}
     * @param peer     the remote address
     * @param hostName the peer's name
     * @param message  the request line
     * @param seconds  seconds from the request's arrival to its end
     */
    public void record(Outcome outcome, String detail, long id, String by, InetSocketAddress peer, String hostName,
            String message, double seconds) {
        if (id == 0) {
            refusals.add(detail == null ? outcome.token() : detail); // it never became a request
        }
        log.info(format(outcome, detail, id, by, peer, hostName, message, seconds));
    }

    /** The outcome word as logged: the token, and {@code :detail} when there is one. */
    public static String outcomeWord(Outcome outcome, String detail) {
        return detail == null ? outcome.token() : outcome.token() + ':' + detail;
    }

    /**
     * Records a connection refused with {@code Denied} or {@code Busy} before
     * anything was read: with a line of its own, or counted into a summary
     * line if its source is over the rate.
     *
     * @param outcome {@link Outcome#DENIED} or {@link Outcome#BUSY}
     * @param peer    the remote address
     * @param seconds the connection's age
     */
    public void refused(Outcome outcome, InetSocketAddress peer, double seconds) {
        refusals.add(outcome.token()); // every one, whether it gets a line or a place in a summary
        boolean ownLine;
        synchronized (this) {
            // After close() nothing would write the summary: every refusal gets its line.
            ownLine = closed || limiter.admit(outcome, peer.getAddress());
        }
        writeSummaries(limiter.expire());
        if (ownLine) {
            log.info(format(outcome, null, peer, null, null, seconds));
        } else {
            arm();
        }
    }

    /**
     * The connections refused so far (they never became a request), by reason:
     * {@code denied}, {@code busy}, or the error token ({@code line-too-long},
     * {@code authentication-failed}, ...), as the audit lines name them.
     */
    public Tally refusals() {
        return refusals;
    }

    /** Makes sure the timer will write the current window's summaries when it ends. */
    private synchronized void arm() {
        if (armed || closed) {
            return;
        }
        long delay = limiter.nanosUntilSummary();
        if (delay >= 0) {
            armed = true;
            timer.schedule(this::onTimer, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void onTimer() {
        writeSummaries(limiter.expire());
        synchronized (this) {
            armed = false;
        }
        arm(); // a flood that goes on has suppressed more in the window that started since
    }

    private void writeSummaries(List<RefusalLimiter.Summary> summaries) {
        for (RefusalLimiter.Summary s : summaries) {
            log.info(formatSummary(s));
        }
    }

    /**
     * Writes the summaries of refusals counted so far and stops the timer;
     * refusals recorded afterwards get a line each. Safe to call more than once.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        timer.shutdownNow();
        writeSummaries(limiter.drain());
    }

    /** A summary line, e.g. {@code outcome=busy peer=10.1.2.3 suppressed=8466 seconds=10.000}. */
    public static String formatSummary(RefusalLimiter.Summary summary) {
        StringBuilder sb = new StringBuilder(80);
        sb.append("outcome=").append(summary.outcome().token()).append(" peer=").append(summary.source())
                .append(" suppressed=").append(summary.suppressed()).append(" seconds=");
        appendSeconds(sb, summary.seconds());
        return sb.toString();
    }

    /** The audit line of a refusal without the logger's time stamp. */
    public static String format(Outcome outcome, RequestError error, InetSocketAddress peer, String hostName,
            String message, double seconds) {
        return format(outcome, error == null ? null : error.token(), 0, null, peer, hostName, message, seconds);
    }

    /** The audit line without the logger's time stamp; {@code id} 0 and {@code by} null are left out. */
    public static String format(Outcome outcome, String detail, long id, String by, InetSocketAddress peer,
            String hostName, String message, double seconds) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("outcome=").append(outcomeWord(outcome, detail));
        sb.append(" peer=").append(Cidr.format(peer.getAddress().getAddress())).append(" port=").append(peer.getPort());
        if (id > 0) {
            sb.append(" id=").append(id);
        }
        if (by != null) {
            sb.append(" by=").append(Escaper.forLog(by));
        }
        if (hostName != null) {
            sb.append(" host=\"").append(Escaper.forLog(hostName)).append('"');
        }
        sb.append(" seconds=");
        appendSeconds(sb, seconds);
        if (message != null) {
            sb.append(" msg=\"").append(Escaper.forLog(message)).append('"');
        }
        return sb.toString();
    }

    /**
     * Appends {@code seconds} with three decimals, exactly as {@code %.3f} does
     * (half up on the shortest decimal form). Not {@link String#format}: that
     * costs several microseconds a request, more than the rest of the line (see
     * docs/PERFORMANCE.md).
     */
    private static void appendSeconds(StringBuilder sb, double seconds) {
        if (Double.isFinite(seconds)) {
            sb.append(BigDecimal.valueOf(seconds).setScale(3, RoundingMode.HALF_UP).toPlainString());
        } else {
            sb.append(String.format(Locale.ROOT, "%.3f", seconds)); // never for real durations
        }
    }
}
