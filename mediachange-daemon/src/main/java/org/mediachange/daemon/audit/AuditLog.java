package org.mediachange.daemon.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.allow.Cidr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one machine-parseable line per connection to the logger
 * {@code mediachange.audit}: {@code key=value} pairs, text values quoted and
 * escaped so a message can never break or forge a line. Where the lines go
 * (console, file, rotation) is up to the logback configuration.
 */
public final class AuditLog {

    /** Name of the audit logger, for logback configuration. */
    public static final String LOGGER_NAME = "mediachange.audit";

    private final Logger log;

    /** An audit log writing to {@link #LOGGER_NAME}. */
    public AuditLog() {
        this(LoggerFactory.getLogger(LOGGER_NAME));
    }

    /** An audit log writing to {@code log}. */
    public AuditLog(Logger log) {
        this.log = log;
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
        log.info(format(outcome, detail, id, by, peer, hostName, message, seconds));
    }

    /** The outcome word as logged: the token, and {@code :detail} when there is one. */
    public static String outcomeWord(Outcome outcome, String detail) {
        return detail == null ? outcome.token() : outcome.token() + ':' + detail;
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
