package org.mediachange.daemon.dialog.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The cheap "does an X server answer" check, with a TCP display on loopback standing in for X. */
class DisplayProbeTest {

    @Test
    void tcpDisplayIsReachableOnlyWhileSomethingListens() throws Exception {
        String display;
        try (ServerSocket fakeX = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            display = "127.0.0.1:" + (fakeX.getLocalPort() - 6000);
            assertThat(DisplayProbe.reachable(display)).isTrue();
        }
        assertThat(DisplayProbe.reachable(display)).isFalse();
    }

    @Test
    void localDisplayWithoutItsSocketIsNotReachable() {
        assertThat(DisplayProbe.reachable(":65000")).isFalse();
        assertThat(DisplayProbe.reachable("unix:65000.0")).isFalse();
    }

    @Test
    void formsItCannotJudgeCountAsReachable() {
        assertThat(DisplayProbe.reachable("host/unix:0")).isTrue();
        assertThat(DisplayProbe.reachable("/private/tmp/launchd-1/org.xquartz:0")).isTrue();
    }
}
