package org.mediachange.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Durations}: the human duration syntax of every option, what it rejects, and printing it back. */
class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "30s, PT30S",
        "5m, PT5M",
        "2h, PT2H",
        "1d, PT24H",
        "1h30m, PT1H30M",
        "90, PT1M30S",
        "0, PT0S",
        "5M, PT5M",
        "1H30M, PT1H30M",
        "2d3h, PT51H",
        "1m500ms, PT1M0.5S",
        "' 15s ', PT15S"})
    void parses(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @Test
    void rejectsEmptyText() {
        assertThatThrownBy(() -> Durations.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty duration");
        assertThatThrownBy(() -> Durations.parse("   "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-5s", "5x", "1m30", "s", "ms", "5 s", "1.5h", "30s ago", "1234567890"})
    void rejectsWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration (use e.g. 500ms, 30s, 5m, 2h, 1h30m)");
    }

    /**
     * The parser is written by hand for start-up speed; it must read exactly what
     * the regular expression it replaced read, with the same errors.
     */
    @Test
    void readsWhatTheRegularExpressionRead() {
        String[] pieces = {"0", "1", "9", "15", "500", "123456789", "1234567890", "999999999", "ms", "s", "m", "h",
            "d", "M", "H", "x", " ", "-", ".", "\u0130", "mss"};
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(6); k >= 0; k--) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            assertThat(outcome(() -> Durations.parse(text))).as(text).isEqualTo(outcome(() -> regexParse(text)));
        }
    }

    private static String outcome(java.util.function.Supplier<Duration> parse) {
        try {
            return "value " + parse.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** The former implementation, kept as the reference. */
    private static Duration regexParse(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?").matcher(s);
        Duration total = Duration.ZERO;
        int pos = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw invalid(text);
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            if (unit == null && (pos != 0 || m.end() != s.length())) {
                throw invalid(text);
            }
            total = total.plus(switch (unit == null ? "s" : unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            if (total.compareTo(Durations.MAX) > 0) {
                total = Durations.MAX; // added with the cap
            }
            pos = m.end();
        }
        return total;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 30s, 5m, 2h, 1h30m)");
    }

    /**
     * Regression: parts add up without limit, and 107 parts of 999999999d made
     * {@code toMillis()} (and 106,752 made the sum itself) overflow into an
     * ArithmeticException. Anything past the largest part is that part.
     */
    @Test
    void theLongestDurationIsTheLargestPartAndNeverOverflows() {
        assertThat(Durations.parse("999999999d")).isEqualTo(Durations.MAX).isEqualTo(Duration.ofDays(999_999_999));
        assertThat(Durations.parse("999999999d1ms")).isEqualTo(Durations.MAX);
        assertThat(Durations.parse("999999999d".repeat(200))).isEqualTo(Durations.MAX);
        assertThat(Durations.parse("999999999d".repeat(110_000))).isEqualTo(Durations.MAX);
        assertThat(Durations.MAX.toMillis()).isEqualTo(999_999_999L * 86_400_000L);
        assertThat(Durations.format(Durations.MAX)).isEqualTo("999999999d");
        assertThat(Durations.parse("999999998d23h59m59s999ms")).isLessThan(Durations.MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1h30m", "15s", "0", "500ms", "2d3h", "1d2h3m4s5ms"})
    void formatReadsBack(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }

    @Test
    void formatNormalisesUnits() {
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0");
    }
}
