package org.mediachange.common.time;

import java.time.Duration;
import java.util.Locale;

/**
 * Parses and prints the human durations used by every option: {@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, combinations such as
 * {@code 1h30m}, and a bare number meaning seconds (as in sshd_config),
 * up to {@link #MAX}.
 */
public final class Durations {

    /** Longest run of digits in one part, so no part overflows a long. */
    private static final int MAX_DIGITS = 9;

    /**
     * The longest duration, the largest one part can say: about 2.7 million
     * years, for ever in practice. Text adding up to more (several parts)
     * counts as this, so that every duration converts to milliseconds
     * without overflowing.
     */
    public static final Duration MAX = Duration.ofDays(999_999_999);

    private Durations() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a message fit for a user when the text is not a duration
     */
    public static Duration parse(String text) {
        // Scanned by hand rather than with a regular expression: the client parses
        // durations at start, where compiling a Pattern costs milliseconds.
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Duration total = Duration.ZERO;
        int pos = 0;
        while (pos < s.length()) {
            int start = pos;
            while (pos < s.length() && pos - start < MAX_DIGITS && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == start) {
                throw invalid(text);
            }
            long n = Long.parseLong(s, start, pos, 10);
            String unit = unitAt(s, pos);
            if (unit == null) {
                // A bare number is only allowed alone: "90" is 90 s, but "1m30" is ambiguous.
                if (start != 0 || pos != s.length()) {
                    throw invalid(text);
                }
            } else {
                pos += unit.length();
            }
            // Each part is at most MAX, so the sum cannot overflow before it is capped.
            total = min(total.plus(toDuration(n, unit == null ? "s" : unit)), MAX);
        }
        return total;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The unit that starts at {@code pos}, {@code ms} before {@code m}; {@code null} if none does. */
    private static String unitAt(String s, int pos) {
        if (s.startsWith("ms", pos)) {
            return "ms";
        }
        if (pos < s.length()) {
            switch (s.charAt(pos)) {
                case 's':
                    return "s";
                case 'm':
                    return "m";
                case 'h':
                    return "h";
                case 'd':
                    return "d";
                default:
                    return null;
            }
        }
        return null;
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
