package org.mediachange.daemon.web.log;

import java.net.InetAddress;
import org.mediachange.common.text.Escaper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way the web console logs: a logger whose every value goes through
 * the audit line's escaper ({@link Escaper#forLog}) on its way in, whatever its
 * type, so no text from a request (method, path, query, header values, names
 * tried, user agent) can reach the log with a raw control character, a line
 * break or an escape sequence. The message itself is a constant ({@code
 * WebLogCallsTest} checks that every call passes a string literal and that no
 * other class of the web packages uses slf4j), so outside text can only be a
 * value.
 *
 * <p>Values: {@link RequestText} renders itself (escaped, cut short); numbers
 * and booleans are shown as they are; an {@link InetAddress} as its numeric
 * address; anything else as its {@code toString()}, escaped. A {@link Throwable}
 * as the last value is logged with its stack trace, as slf4j does.
 */
public final class WebLog {

    private final Logger log;

    private WebLog(Logger log) {
        this.log = log;
    }

    /** The log of {@code type} (the logger has its name, as {@code LoggerFactory.getLogger(type)}). */
    public static WebLog of(Class<?> type) {
        return new WebLog(LoggerFactory.getLogger(type));
    }

    /** Whether debug lines are written (to skip building their values). */
    public boolean debugEnabled() {
        return log.isDebugEnabled();
    }

    /** A debug line: {@code message} with {@code {}} for each value. */
    public void debug(String message, Object... values) {
        if (log.isDebugEnabled()) {
            log.debug(message, safe(values));
        }
    }

    /** An info line: {@code message} with {@code {}} for each value. */
    public void info(String message, Object... values) {
        if (log.isInfoEnabled()) {
            log.info(message, safe(values));
        }
    }

    /** A warning: {@code message} with {@code {}} for each value. */
    public void warn(String message, Object... values) {
        if (log.isWarnEnabled()) {
            log.warn(message, safe(values));
        }
    }

    /** An error: {@code message} with {@code {}} for each value; a last {@link Throwable} adds its stack trace. */
    public void error(String message, Object... values) {
        if (log.isErrorEnabled()) {
            log.error(message, safe(values));
        }
    }

    private static Object[] safe(Object[] values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            boolean last = i == values.length - 1;
            out[i] = last && values[i] instanceof Throwable ? values[i] : safe(values[i]);
        }
        return out;
    }

    /** One value as the log shows it: never with a character the escaper would escape. */
    static String safe(Object value) {
        if (value instanceof RequestText t) {
            return t.toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof InetAddress a) {
            return Escaper.forLog(a.getHostAddress());
        }
        return Escaper.forLog(String.valueOf(value));
    }
}
