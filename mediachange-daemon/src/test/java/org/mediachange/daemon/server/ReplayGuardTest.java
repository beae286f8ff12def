package org.mediachange.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The replay memory: remembers nonces for the freshness window, and stays bounded. */
class ReplayGuardTest {

    @Test
    void secondSightingWithinTheWindowIsAReplay() {
        ReplayGuard g = new ReplayGuard();
        assertThat(g.firstSeen("a", 1_000)).isTrue();
        assertThat(g.firstSeen("a", 60_000)).isFalse();
        assertThat(g.firstSeen("b", 60_000)).isTrue();
    }

    @Test
    void noncesAreForgottenAfterTwiceTheSkew() {
        ReplayGuard g = new ReplayGuard();
        assertThat(g.firstSeen("a", 0)).isTrue();
        // By then a request carrying it would be refused as stale anyway.
        assertThat(g.firstSeen("a", 120_001)).isTrue();
    }

    @Test
    void memoryIsBounded() {
        ReplayGuard g = new ReplayGuard();
        for (int i = 0; i <= ReplayGuard.MAX_ENTRIES; i++) {
            g.firstSeen("n" + i, 1_000);
        }
        // The oldest was dropped to make room; the newest are remembered.
        assertThat(g.firstSeen("n0", 1_000)).isTrue();
        assertThat(g.firstSeen("n" + ReplayGuard.MAX_ENTRIES, 1_000)).isFalse();
    }
}
