package org.mediachange.daemon.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The budgets, counted before any check: per source, name and in total for untrusted attempts, per device else. */
class GuessGuardTest {

    private static final long S = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1000 * S);
    private final GuessGuard guard = new GuessGuard(GuessLimits.DEFAULT, now::get);
    private static final SourceKey A = new SourceKey("192.0.2.1");
    private static final SourceKey B = new SourceKey("192.0.2.2");

    private GuessGuard.Admission untrusted(String name, SourceKey source) {
        return guard.admit(name, source, Optional.empty());
    }

    private GuessGuard.Admission trusted(String nonce) {
        return guard.admit("alice", A, Optional.of(new DeviceTokens.Device("alice", nonce, false)));
    }

    @Test
    void attemptsCountWhenAdmittedSoTheFourthAtOnceIsRefused() {
        for (int i = 1; i <= 3; i++) {
            assertThat(untrusted("alice", A)).isInstanceOfSatisfying(GuessGuard.Ticket.class, t -> {
                assertThat(t.trusted()).isFalse();
            });
        }
        assertThat(untrusted("alice", A)).isEqualTo(new GuessGuard.Refused(1, GuessGuard.Limit.ADDRESS));
        // Another address, another name: not held up by that address.
        assertThat(untrusted("bob", B)).isInstanceOf(GuessGuard.Ticket.class);
    }

    @Test
    void aRightPasswordTakesItsCountBack() {
        for (int i = 0; i < 10; i++) {
            GuessGuard.Ticket t = (GuessGuard.Ticket) untrusted("alice", A);
            assertThat(t.failures()).isEqualTo(1);
            t.succeeded();
        }
    }

    @Test
    void aNameIsLimitedFromEveryAddressTogether() {
        // A total budget wide enough not to come first.
        GuessGuard g = new GuessGuard(new GuessLimits(3, 10, 3, 1000, Duration.ofSeconds(3), 64, true, 2, 1,
                Duration.ofSeconds(1)), now::get);
        for (int i = 0; i < 10; i++) {
            assertThat(g.admit("alice", new SourceKey("198.51.100." + i), Optional.empty()))
                    .isInstanceOf(GuessGuard.Ticket.class);
        }
        assertThat(g.admit("alice", new SourceKey("198.51.100.99"), Optional.empty()))
                .isEqualTo(new GuessGuard.Refused(1, GuessGuard.Limit.NAME));
        // Unknown names the same way (the answer must not tell which names exist).
        for (int i = 0; i < 10; i++) {
            g.admit("nobody", new SourceKey("203.0.113." + i), Optional.empty());
        }
        assertThat(g.admit("nobody", new SourceKey("203.0.113.99"), Optional.empty()))
                .isEqualTo(new GuessGuard.Refused(1, GuessGuard.Limit.NAME));
    }

    @Test
    void allUntrustedAttemptsTogetherHaveABudgetThatRefills() {
        for (int i = 0; i < 10; i++) {
            assertThat(untrusted("n" + i, new SourceKey("198.51.100." + i))).isInstanceOf(GuessGuard.Ticket.class);
        }
        assertThat(untrusted("n99", new SourceKey("198.51.100.99")))
                .isEqualTo(new GuessGuard.Refused(3, GuessGuard.Limit.TOTAL));
        now.addAndGet(3 * S);
        assertThat(untrusted("n99", new SourceKey("198.51.100.99"))).isInstanceOf(GuessGuard.Ticket.class);
        assertThat(untrusted("n98", new SourceKey("198.51.100.98"))).isInstanceOf(GuessGuard.Refused.class);
    }

    @Test
    void aTrustedAttemptIsCountedOnItsDeviceOnly() {
        // The address and the name are spent by guessing ...
        for (int i = 0; i < 3; i++) {
            untrusted("alice", A);
        }
        assertThat(untrusted("alice", A)).isInstanceOf(GuessGuard.Refused.class);
        // ... a device that logged in before is not held up, and has its own budget.
        for (int i = 1; i <= 3; i++) {
            GuessGuard.Ticket t = (GuessGuard.Ticket) trusted("n1");
            assertThat(t.trusted()).isTrue();
            assertThat(t.failures()).isEqualTo(i);
        }
        assertThat(trusted("n1")).isEqualTo(new GuessGuard.Refused(1, GuessGuard.Limit.DEVICE));
        assertThat(trusted("n2")).isInstanceOf(GuessGuard.Ticket.class);
    }

    @Test
    void theWaitsDoubleUpToFiveMinutes() {
        GuessGuard g = new GuessGuard(new GuessLimits(1, 1000, 1, 1000, Duration.ofMillis(1), 64, true, 2, 1,
                Duration.ofSeconds(1)), now::get);
        long expected = 1;
        for (int i = 0; i < 12; i++) {
            assertThat(g.admit("a", A, Optional.empty())).isInstanceOf(GuessGuard.Ticket.class);
            assertThat(g.admit("a", A, Optional.empty())).isEqualTo(new GuessGuard.Refused(expected,
                    GuessGuard.Limit.ADDRESS));
            now.addAndGet(expected * S);
            expected = Math.min(expected * 2, 300);
        }
    }
}
