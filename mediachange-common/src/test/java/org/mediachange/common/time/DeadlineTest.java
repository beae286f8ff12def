package org.mediachange.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Deadline}: unbounded and bounded deadlines, their socket timeouts, and picking the earlier one. */
class DeadlineTest {

    private static final long NOW = System.nanoTime();

    @Test
    void noneIsUnbounded() {
        Deadline none = Deadline.none();
        assertThat(none.isBounded()).isFalse();
        assertThat(none.hasPassed()).isFalse();
        assertThat(none.socketTimeoutMillis()).isZero();
    }

    @Test
    void afterZeroOrNegativeIsNone() {
        assertThat(Deadline.after(Duration.ZERO)).isSameAs(Deadline.none());
        assertThat(Deadline.after(Duration.ofSeconds(-1))).isSameAs(Deadline.none());
    }

    @Test
    void afterAnHourGivesAPositiveTimeoutOfAtMostAnHour() {
        Deadline d = Deadline.after(Duration.ofHours(1));
        assertThat(d.isBounded()).isTrue();
        assertThat(d.hasPassed()).isFalse();
        assertThat(d.socketTimeoutMillis()).isPositive().isLessThanOrEqualTo(3_600_000);
    }

    @Test
    void aDeadlineInThePastHasPassed() {
        Deadline d = Deadline.afterNanos(System.nanoTime() - Duration.ofSeconds(2).toNanos(), Duration.ofSeconds(1));
        assertThat(d.isBounded()).isTrue();
        assertThat(d.hasPassed()).isTrue();
        assertThat(d.socketTimeoutMillis()).isEqualTo(-1);
    }

    /**
     * Regression: the client paused {@code min(pause, socketTimeoutMillis())}
     * between retries, and for "no deadline" (any --retry-for beyond ~100
     * years) that is 0: it retried without pause.
     */
    @Test
    void millisLeftIsNeverZeroBeforeTheDeadlineAndLargestWithoutOne() {
        assertThat(Deadline.none().millisLeft()).isEqualTo(Long.MAX_VALUE);
        assertThat(Deadline.after(Durations.MAX).millisLeft()).isEqualTo(Long.MAX_VALUE);
        assertThat(Deadline.after(Deadline.FOREVER.plusDays(1)).millisLeft()).isEqualTo(Long.MAX_VALUE);
        assertThat(Deadline.after(Deadline.FOREVER).millisLeft())
                .isPositive().isLessThanOrEqualTo(Deadline.FOREVER.toMillis());
        assertThat(Deadline.after(Duration.ofHours(1)).millisLeft()).isPositive().isLessThanOrEqualTo(3_600_000);
        assertThat(Deadline.afterNanos(System.nanoTime(), Duration.ofNanos(1)).millisLeft()).isBetween(0L, 1L);
        assertThat(Deadline.afterNanos(System.nanoTime() - 2_000_000_000L, Duration.ofSeconds(1)).millisLeft())
                .isZero();
    }

    @Test
    void minPicksTheEarlierDeadline() {
        Deadline early = Deadline.afterNanos(NOW, Duration.ofHours(1));
        Deadline late = Deadline.afterNanos(NOW, Duration.ofHours(2));
        assertThat(early.min(late)).isSameAs(early);
        assertThat(late.min(early)).isSameAs(early);
    }

    @Test
    void minIgnoresNone() {
        Deadline bounded = Deadline.afterNanos(NOW, Duration.ofHours(1));
        assertThat(Deadline.none().min(bounded)).isSameAs(bounded);
        assertThat(bounded.min(Deadline.none())).isSameAs(bounded);
        assertThat(Deadline.none().min(Deadline.none())).isSameAs(Deadline.none());
    }

    /**
     * Regression: {@link Durations#parse} accepts up to 999999999d, but
     * {@code after} overflows {@code Duration.toNanos()} beyond ~292 years and
     * throws ArithmeticException.
     */
    @Test
    void afterAVeryLongDurationDoesNotOverflow() {
        assertThatCode(() -> Deadline.after(Durations.parse("999999999d"))).doesNotThrowAnyException();
    }
}
