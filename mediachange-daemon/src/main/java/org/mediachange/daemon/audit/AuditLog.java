package org.mediachange.daemon.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.net.Addresses;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.model.Ending;
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
        this.timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("mediachanged-audit-summary"));
        timer.setKeepAliveTime(TIMER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /** Writes the line of {@code entry}. */
    public void record(AuditEntry entry) {
        if (entry.id() == 0) {
            refusals.add(reason(entry.ending())); // it never became a request
        }
        log.info(format(entry));
    }

    /**
     * The connections refused so far (they never became a request), by reason:
     * {@code denied}, {@code busy}, or the error token ({@code line-too-long},
     * {@code authentication-failed}, ...), as the audit lines name them.
     */
    public Tally refusals() {
        return refusals;
    }

    /** A refusal's reason as counted: the error's token, or the word of Denied and Busy. */
    public static String reason(Ending refusal) {
        return refusal instanceof Ending.Failed f ? f.reason().token() : refusal.word();
    }

    /**
     * Records a connection refused with {@code Denied} or {@code Busy} before
     * anything was read: with a line of its own, or counted into a summary
     * line if its source is over the rate.
     *
     * @param refusal {@code Denied} or {@code Busy}
     * @param peer    the remote address
     * @param seconds the connection's age
     */
    public void refused(Ending.TurnedAway refusal, InetSocketAddress peer, double seconds) {
        refusals.add(reason(refusal)); // every one, whether it gets a line or a place in a summary
        boolean ownLine;
        synchronized (this) {
            // After close() nothing would write the summary: every refusal gets its line.
            ownLine = closed || limiter.admit(refusal, peer.getAddress());
        }
        writeSummaries(limiter.expire());
        if (ownLine) {
            log.info(format(AuditEntry.refusal(refusal, peer, null, seconds)));
        } else {
            arm();
        }
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
        sb.append("outcome=").append(summary.outcome().word()).append(" peer=").append(summary.source())
                .append(" suppressed=").append(summary.suppressed()).append(" seconds=");
        appendSeconds(sb, summary.seconds());
        return sb.toString();
    }

    /**
     * The audit line without the logger's time stamp; {@code id} 0, {@code restarts} 0 and absent
     * values are left out.
     */
    public static String format(AuditEntry entry) {
        InetSocketAddress peer = entry.peer();
        StringBuilder sb = new StringBuilder(128);
        sb.append("outcome=").append(entry.outcome());
        sb.append(" peer=").append(Addresses.format(peer.getAddress())).append(" port=").append(peer.getPort());
        if (entry.id() > 0) {
            sb.append(" id=").append(entry.id());
        }
        entry.ending().by().ifPresent(by -> sb.append(" by=").append(Escaper.forLog(by.token())));
        if (entry.host() != null) {
            sb.append(" host=\"").append(Escaper.forLog(entry.host())).append('"');
        }
        sb.append(" seconds=");
        appendSeconds(sb, entry.seconds());
        if (entry.restarts() > 0) {
            sb.append(" restarts=").append(entry.restarts());
        }
        if (entry.message() != null) {
            sb.append(" msg=\"").append(Escaper.forLog(entry.message())).append('"');
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
