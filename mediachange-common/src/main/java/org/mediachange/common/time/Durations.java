package org.mediachange.common.time;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the human durations used by every option: {@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, combinations such as
 * {@code 1h30m}, and a bare number meaning seconds (as in sshd_config).
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a message fit for a user when the text is not a duration
     */
    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int pos = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw invalid(text);
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            if (unit == null) {
                // A bare number is only allowed alone: "90" is 90 s, but "1m30" is ambiguous.
                if (pos != 0 || m.end() != s.length()) {
                    throw invalid(text);
                }
            }
            total = total.plus(toDuration(n, unit == null ? "s" : unit));
            pos = m.end();
        }
        return total;
    }

    private static Duration toDuration(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalStateException(unit);
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 30s, 5m, 2h, 1h30m)");
    }

    /** Formats {@code d} the way {@link #parse} reads it back, e.g. {@code 1h30m}, {@code 15s}, {@code 0}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        append(sb, d.toHoursPart(), "h");
        append(sb, d.toMinutesPart(), "m");
        append(sb, d.toSecondsPart(), "s");
        append(sb, d.toMillisPart(), "ms");
        return sb.toString();
    }

    private static void append(StringBuilder sb, int n, String unit) {
        if (n > 0) {
            sb.append(n).append(unit);
        }
    }
}
