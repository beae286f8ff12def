package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * The daemon outlives its X server and its own restarts without losing a
 * request: started before X, it waits and shows the request once X is up; when
 * X goes away and comes back, the pending dialog comes back; when the daemon
 * itself restarts, the waiting client asks again, without any option.
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class})
@Timeout(180)
class DisplayLifecycleIT {

    private Outside outside;

    @BeforeEach
    void setUp(Outside outside) {
        this.outside = outside;
    }

    @Test
    void daemonStartedBeforeXWaitsAndShowsTheRequestWhenXComesUp() throws Exception {
        try (XServer x = new XServer()) {
            x.start();
            String display = x.display();
            x.stop(); // the display number is known, and nothing answers on it yet
            Map<String, String> env = Map.of("DISPLAY", display);
            try (Outside.Daemon d = outside.daemon(env, "--allow", "127.0.0.0/8");
                    Launched c = outside.client("127.0.0.1", "-p", Integer.toString(d.port()), "before X")) {
                d.process().awaitStdout("waiting for the display DISPLAY=" + display, 30);
                Thread.sleep(1000);
                assertThat(c.process().isAlive()).as("client waits").isTrue();
                assertThat(d.process().process().isAlive()).as("daemon keeps running").isTrue();
                x.start();
                outside.answer(env, "Return");
                assertThat(c.exitCode(30)).isZero();
                assertThat(c.stdout()).isEqualTo("Ok\n");
                d.process().awaitStdout("outcome=ok ", 10);
            }
        }
    }

    @Test
    void pendingDialogComesBackAfterTheXServerRestarts() throws Exception {
        try (XServer x = new XServer()) {
            x.start();
            Map<String, String> env = Map.of("DISPLAY", x.display());
            try (Outside.Daemon d = outside.daemon(env, "--allow", "127.0.0.0/8");
                    Launched c = outside.client("127.0.0.1", "-p", Integer.toString(d.port()), "survive X")) {
                outside.xdotool(env, "search", "--sync", "--onlyvisible", "--name", "^mediachanged");
                x.stop();
                d.process().awaitStdout("dialog process ended", 30);
                assertThat(d.process().process().isAlive()).as("daemon survives X").isTrue();
                assertThat(c.process().isAlive()).as("client still waits").isTrue();
                x.start();
                outside.answer(env, "Escape");
                assertThat(c.exitCode(30)).isEqualTo(1);
                assertThat(c.stdout()).isEqualTo("Cancel\n");
            }
        }
    }

    @Test
    void clientAsksAgainAfterTheDaemonRestarts() throws Exception {
        int port = Outside.freePort();
        Outside.Daemon first = outside.daemon("--allow", "127.0.0.0/8", "--port", Integer.toString(port));
        try (Launched c = outside.client("127.0.0.1", "-p", Integer.toString(port), "across a restart")) {
            try (first) {
                outside.xdotool("search", "--sync", "--onlyvisible", "--name", "^mediachanged");
                first.process().process().destroy(); // SIGTERM: the client hears "Error shutting down"
                assertThat(first.process().process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
            c.awaitStderr("mediachangec: lost the console at 127.0.0.1:" + port, 10);
            assertThat(c.process().isAlive()).as("client waits to send its request again").isTrue();
            try (Outside.Daemon second = outside.daemon("--allow", "127.0.0.0/8", "--port", Integer.toString(port))) {
                outside.answer("Return");
                assertThat(c.exitCode(30)).isZero();
                assertThat(c.stdout()).isEqualTo("Ok\n");
                assertThat(c.stderr()).isEqualTo("mediachangec: lost the console at 127.0.0.1:" + port
                        + " (it is shutting down); re-sending the request when it is back\n"
                        + "mediachangec: the console at 127.0.0.1:" + port + " is back; request sent again\n");
                second.process().awaitStdout("msg=\"across a restart\"", 10);
            }
        }
    }
}
