package org.mediachange.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/** Every thread is a daemon and has the name it was given. */
class DaemonThreadsTest {

    @Test
    void poolThreadsAreNumberedDaemons() {
        ThreadFactory f = DaemonThreads.numbered("mediachanged-handler");
        Thread a = f.newThread(() -> { });
        Thread b = f.newThread(() -> { });
        assertThat(a.getName()).isEqualTo("mediachanged-handler-1");
        assertThat(b.getName()).isEqualTo("mediachanged-handler-2");
        assertThat(a.isDaemon() && b.isDaemon()).isTrue();
        assertThat(DaemonThreads.named("timer").newThread(() -> { })).satisfies(t -> {
            assertThat(t.getName()).isEqualTo("timer");
            assertThat(t.isDaemon()).isTrue();
        });
    }

    @Test
    void aSingleThreadRunsItsBody() throws Exception {
        boolean[] ran = new boolean[1];
        Thread t = DaemonThreads.start("once", () -> ran[0] = true);
        t.join(5000);
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("once");
        assertThat(ran[0]).isTrue();
    }
}
