package org.mediachange.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mediachange.daemon.audit.RefusalLimiter.Limits;
import org.mediachange.daemon.audit.RefusalLimiter.Summary;
import org.mediachange.daemon.model.Ending;

/** {@link RefusalLimiter} on a clock the test moves: who gets a line, what is summarised, and what is kept. */
class RefusalLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    /** The defaults (10 s, 10 per source, 100 in all, 100 sources). */
    private final Clock clock = new Clock();
    private final RefusalLimiter limiter = new RefusalLimiter(Limits.DEFAULT, clock);

    /** A clock that moves only when told to; starts at an arbitrary large value, as nanoTime may. */
    private static final class Clock implements java.util.function.LongSupplier {
        long now = Long.MAX_VALUE - 5 * SECOND; // crosses the wrap-around during the tests

        @Override
        public long getAsLong() {
            return now;
        }

        void advance(double seconds) {
            now += (long) (seconds * SECOND);
        }
    }

    private static InetAddress ip(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Admits {@code n} refusals from {@code address}; returns how many got their own line. */
    private int refuse(int n, Ending.TurnedAway outcome, String address) {
        int lines = 0;
        for (int i = 0; i < n; i++) {
            if (limiter.admit(outcome, ip(address))) {
                lines++;
            }
        }
        return lines;
    }

    @Test
    void aFewRefusalsAllGetTheirLineAndNoSummary() {
        assertThat(refuse(10, Ending.TurnedAway.DENIED, "10.1.2.3")).isEqualTo(10);
        assertThat(limiter.nanosUntilSummary()).isEqualTo(-1);
        clock.advance(60);
        assertThat(limiter.expire()).isEmpty();
        assertThat(limiter.drain()).isEmpty();
    }

    @Test
    void pastTheRateAFloodIsCountedAndSummarisedWhenTheWindowEnds() {
        assertThat(refuse(8_476, Ending.TurnedAway.DENIED, "10.1.2.3")).isEqualTo(10);
        clock.advance(9.999);
        assertThat(limiter.expire()).isEmpty();
        assertThat(limiter.nanosUntilSummary()).isEqualTo(1_000_000);
        clock.advance(0.001);
        // The flood has stopped: no refusal follows, and the summary is due all the same.
        assertThat(limiter.nanosUntilSummary()).isZero();
        assertThat(limiter.expire()).containsExactly(new Summary(Ending.TurnedAway.DENIED, "10.1.2.3", 8_466, 10.0));
        assertThat(limiter.expire()).isEmpty();
        assertThat(limiter.nanosUntilSummary()).isEqualTo(-1);
    }

    @Test
    void theNextRefusalEndsAnOverdueWindowAndStartsAFreshOne() {
        refuse(25, Ending.TurnedAway.BUSY, "10.1.2.3");
        clock.advance(3600); // no timer ran; an hour later the next refusal comes
        assertThat(limiter.admit(Ending.TurnedAway.BUSY, ip("10.1.2.3"))).isTrue();
        // The summary covers the window the refusals fell in, not the hour since.
        assertThat(limiter.expire()).containsExactly(new Summary(Ending.TurnedAway.BUSY, "10.1.2.3", 15, 10.0));
        assertThat(refuse(9, Ending.TurnedAway.BUSY, "10.1.2.3")).isEqualTo(9);
        assertThat(refuse(1, Ending.TurnedAway.BUSY, "10.1.2.3")).isZero();
    }

    @Test
    void aFloodThatGoesOnGetsOneSummaryPerWindow() {
        int lines = 0;
        for (int tenth = 0; tenth < 300; tenth++) { // 30 s, 100 refusals a second
            lines += refuse(10, Ending.TurnedAway.DENIED, "192.0.2.7");
            clock.advance(0.1);
            assertThat(limiter.expire()).allSatisfy(s -> assertThat(s.suppressed()).isEqualTo(990));
        }
        assertThat(lines).isEqualTo(30);
    }

    @Test
    void eachSourceHasItsOwnRateAndDeniedAndBusyAreSummarisedApart() {
        assertThat(refuse(30, Ending.TurnedAway.DENIED, "10.0.0.1")).isEqualTo(10);
        assertThat(refuse(30, Ending.TurnedAway.BUSY, "10.0.0.2")).isEqualTo(10);
        assertThat(refuse(5, Ending.TurnedAway.DENIED, "10.0.0.3")).isEqualTo(5);
        assertThat(limiter.drain()).containsExactly(
                new Summary(Ending.TurnedAway.DENIED, "10.0.0.1", 20, 0.0),
                new Summary(Ending.TurnedAway.BUSY, "10.0.0.2", 20, 0.0));
    }

    @Test
    void allSourcesTogetherShareACapOfLines() {
        int lines = 0;
        for (int i = 0; i < 50; i++) {
            lines += refuse(3, Ending.TurnedAway.DENIED, "10.9.0." + i);
        }
        assertThat(lines).isEqualTo(100); // not 150
        List<Summary> summaries = limiter.drain();
        assertThat(summaries).hasSize(17);
        assertThat(summaries.get(0)).isEqualTo(new Summary(Ending.TurnedAway.DENIED, "10.9.0.33", 2, 0.0));
        assertThat(summaries.subList(1, 17)).allSatisfy(s -> assertThat(s.suppressed()).isEqualTo(3));
        assertThat(summaries.get(16).source()).isEqualTo("10.9.0.49");
    }

    @Test
    void aFloodFromAWholeSlash16IsBoundedInSourcesAndLinesAndLosesNoCount() {
        int lines = 0;
        int total = 0;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 65_536; i++) {
                lines += limiter.admit(Ending.TurnedAway.DENIED, ip("10.7." + (i >> 8) + "." + (i & 0xFF))) ? 1 : 0;
                total++;
            }
        }
        List<Summary> summaries = limiter.drain();
        assertThat(lines).isEqualTo(100);
        // 100 sources of their own (each refused 3 times, once with a line), everything else as "others".
        assertThat(summaries).hasSize(101);
        assertThat(summaries.get(0)).isEqualTo(new Summary(Ending.TurnedAway.DENIED, "10.7.0.0", 2, 0.0));
        assertThat(summaries.get(100).source()).isEqualTo(RefusalLimiter.OTHERS);
        assertThat(lines + summaries.stream().mapToLong(Summary::suppressed).sum()).isEqualTo(total);
    }

    @Test
    void ipv6SourcesAreTheirSlash64() {
        int lines = 0;
        for (int i = 0; i < 1000; i++) {
            lines += refuse(1, Ending.TurnedAway.DENIED, "2001:db8:1:2:" + Integer.toHexString(i) + "::" + i);
        }
        assertThat(lines).isEqualTo(10);
        assertThat(refuse(20, Ending.TurnedAway.DENIED, "2001:db8:1:3::1")).isEqualTo(10);
        assertThat(refuse(20, Ending.TurnedAway.DENIED, "::1")).isEqualTo(10);
        assertThat(limiter.drain()).containsExactly(
                new Summary(Ending.TurnedAway.DENIED, "2001:db8:1:2::/64", 990, 0.0),
                new Summary(Ending.TurnedAway.DENIED, "2001:db8:1:3::/64", 10, 0.0),
                new Summary(Ending.TurnedAway.DENIED, "::/64", 10, 0.0));
    }

    @Test
    void manyIpv6NetworksEndInOthersToo() {
        for (int i = 0; i < 5000; i++) {
            refuse(1, Ending.TurnedAway.BUSY, "2001:db8:" + Integer.toHexString(i) + "::1");
        }
        List<Summary> summaries = limiter.drain();
        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0)).isEqualTo(new Summary(Ending.TurnedAway.BUSY, RefusalLimiter.OTHERS, 4900, 0.0));
    }

    @Test
    void drainAtShutdownReportsThePartWindowAndStartsAfresh() {
        refuse(14, Ending.TurnedAway.BUSY, "10.1.2.3");
        clock.advance(2.5);
        assertThat(limiter.drain()).containsExactly(new Summary(Ending.TurnedAway.BUSY, "10.1.2.3", 4, 2.5));
        assertThat(limiter.drain()).isEmpty();
        assertThat(limiter.admit(Ending.TurnedAway.BUSY, ip("10.1.2.3"))).isTrue();
    }

    @Test
    void badLimitsAreRejected() {
        // Only refusals can be limited: admit() takes a TurnedAway, so the compiler checks that.
        assertThatThrownBy(() -> new Limits(Duration.ZERO, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
