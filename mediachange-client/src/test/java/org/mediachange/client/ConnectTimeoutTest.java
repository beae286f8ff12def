package org.mediachange.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mediachange.client.ClientRun.lines;
import static org.mediachange.client.ClientRun.run;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --connect-timeout}: a loopback listener with a backlog of 1 that never
 * accepts. Once its accept queue is full, Linux drops further SYNs, so the
 * client's connect hangs until its own limit ends it.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectTimeoutTest {

    private static final int MAX_FILLERS = 5;
    private static final int FILLER_CONNECT_MILLIS = 200;

    private ServerSocket neverAccepts;
    private final List<Socket> fillers = new ArrayList<>();
    private boolean queueFull;

    @BeforeEach
    void fillTheAcceptQueue() throws IOException {
        neverAccepts = new ServerSocket(0, 1, FakeDaemon.loopback());
        for (int i = 0; i < MAX_FILLERS && !queueFull; i++) {
            Socket s = new Socket();
            try {
                s.connect(neverAccepts.getLocalSocketAddress(), FILLER_CONNECT_MILLIS);
                fillers.add(s);
            } catch (SocketTimeoutException e) {
                s.close();
                queueFull = true;
            } catch (IOException e) {
                s.close();
            }
        }
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : fillers) {
            s.close();
        }
        neverAccepts.close();
    }

    @Test
    void connectTimeoutEndsAConnectThatHangs() {
        assumeTrue(queueFull, "this system did not drop SYNs to a full accept queue within "
                + MAX_FILLERS + " connections, so no connect can be made to hang here");
        int port = neverAccepts.getLocalPort();
        assertThat(run("--port", Integer.toString(port), "--connect-timeout", "500ms", FakeDaemon.HOST, "hello"))
                .isEqualTo(new ClientRun(5, "", lines("mediachangec: cannot reach the daemon at "
                        + FakeDaemon.HOST + ":" + port + ": connect timed out after 0.5s")));
    }
}
