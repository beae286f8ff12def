package org.mediachange.daemon.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Slowing of failures per key (address, name, device). */
class FailureThrottleTest {

    private static final long S = 1_000_000_000L;

    @Test
    void threeFailuresAreFreeThenTheWaitDoubles() throws Exception {
        FailureThrottle<InetAddress> t = new FailureThrottle<>();
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        long now = 1000 * S;
        t.failed(a, now);
        t.failed(a, now);
        assertThat(t.waitSeconds(a, now)).isZero();
        t.failed(a, now);
        assertThat(t.waitSeconds(a, now)).isEqualTo(1);
        assertThat(t.waitSeconds(a, now + S)).isZero();
        t.failed(a, now + S);
        assertThat(t.waitSeconds(a, now + S)).isEqualTo(2);
        t.failed(a, now + 3 * S);
        assertThat(t.waitSeconds(a, now + 3 * S)).isEqualTo(4);
        assertThat(t.waitSeconds(b, now + 3 * S)).isZero();
        t.succeeded(a);
        assertThat(t.waitSeconds(a, now + 3 * S)).isZero();
    }

    @Test
    void theWaitStopsGrowingAtItsMaximum() throws Exception {
        FailureThrottle<InetAddress> t = new FailureThrottle<>();
        InetAddress a = InetAddress.getByName("192.0.2.1");
        long now = 0;
        for (int i = 0; i < 40; i++) {
            t.failed(a, now);
        }
        assertThat(t.waitSeconds(a, now)).isEqualTo(FailureThrottle.MAX_WAIT.toSeconds());
    }
}
