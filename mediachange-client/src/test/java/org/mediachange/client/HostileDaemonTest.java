package org.mediachange.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mediachange.client.ClientRun.run;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against a daemon that is out to harm it: one that floods it
 * with data, one that sends terminal escape sequences, one that starts an
 * answer and never finishes it, one that never answers. The client stays
 * bounded in memory and time and never passes raw control characters on.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileDaemonTest {

    @Test
    void endlessDataIsCutOffAfterOneKibibyte() throws Exception {
        AtomicLong written = new AtomicLong();
        long limit = 64L << 20; // the flood stops by itself at 64 MiB
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread flood = new Thread(() -> {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) 'A');
                    while (written.get() < limit) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException expected) {
                    // the client hung up
                }
            });
            flood.start();
            ClientRun r = run("--port", Integer.toString(server.getLocalPort()), "127.0.0.1", "tape");
            flood.join(20_000);
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains("answer longer than 1024 bytes").hasLineCount(1);
            // The client hung up long before the flood's own limit: it did not keep reading.
            assertThat(written.get()).isLessThan(limit);
        }
    }

    @Test
    void terminalEscapeSequencesAreShownNotObeyed() throws Exception {
        String evil = "\u001b]0;owned\u0007\u001b[2J\u001b[31mOk\r";
        try (FakeDaemon d = FakeDaemon.start(FakeDaemon.raw((evil + "\n").getBytes(UTF_8)))) {
            ClientRun r = run("--port", Integer.toString(d.port()), FakeDaemon.HOST, "tape");
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.out() + r.err()).doesNotContain("\u001b", "\u0007");
            assertThat(r.out()).startsWith("\\x1B]0;owned\\x07\\x1B[2J\\x1B[31mOk");
        }
    }

    @Test
    void answerThatStartsButNeverEndsIsGivenUpOn() throws Exception {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread dribbler = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("O".getBytes(UTF_8));
                    done.await(25, TimeUnit.SECONDS); // holds the connection open, but no longer than this
                } catch (IOException | InterruptedException stopped) {
                    // test over
                }
            });
            dribbler.start();
            // No --timeout: the client would wait for ever for the operator, but not for a half-sent answer.
            ClientRun r = run("--port", Integer.toString(server.getLocalPort()), "127.0.0.1", "tape");
            done.countDown();
            dribbler.join(5_000);
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.err()).contains("the answer started but did not end within 10 s").hasLineCount(1);
        }
    }

    @Test
    void daemonThatNeverAnswersIsLeftAtTheTimeout() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(FakeDaemon.silent())) {
            ClientRun r = run("--timeout", "1s", "--port", Integer.toString(d.port()), FakeDaemon.HOST, "tape");
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.err()).contains("no answer from").hasLineCount(1);
        }
    }
}
