package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * A dialog process that stops (SIGSTOP; in real life an AWT deadlock or a
 * process out of memory) does not stop the daemon: with 64 requests pending,
 * far more than the pipe to the stopped process holds, answer timeouts and
 * withdrawals still happen and are audited, and SIGTERM still ends the daemon
 * and its dialog process within 5 s, telling the requests still pending that
 * it is shutting down. The real launcher and the real dialog
 * process on the test's X display, started on demand by a first request
 * (withdrawn: the process stays for --dialog-keep-warm); the requests come
 * over plain sockets.
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class})
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StoppedDialogProcessIT {

    private static final int REQUESTS = 64;

    private Outside outside;

    @BeforeEach
    void setUp(Outside outside) {
        this.outside = outside;
    }

    /** The daemon's dialog process: its one child, a java running PromptHostMain. */
    private static ProcessHandle dialogProcess(Process daemon) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - end < 0) {
            List<ProcessHandle> found = daemon.toHandle().children()
                    .filter(p -> p.info().commandLine().orElse("").contains("PromptHostMain")).toList();
            if (found.size() == 1) {
                return found.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no dialog process under the daemon " + daemon.pid());
    }

    /** The state letter of {@code pid} in /proc (T stopped, Z zombie), or 'gone'. */
    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "gone";
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    @Test
    void timeoutsWithdrawalsAndShutdownWorkWhileTheDialogProcessIsStopped() throws Exception {
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8", "--answer-timeout", "2s",
                "--max-per-source", Integer.toString(REQUESTS))) {
            Process daemon = d.process().process();
            try (Socket first = new Socket()) {
                first.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), d.port()), 5000);
                first.getOutputStream().write("starts the dialog process\n".getBytes(StandardCharsets.UTF_8));
                d.process().awaitStdout("showing requests on DISPLAY", 60);
            }
            d.process().awaitStdout("outcome=withdrawn", 10);
            ProcessHandle child = dialogProcess(daemon);
            List<Socket> clients = new ArrayList<>();
            try {
                signal("STOP", child.pid());
                // 64 requests of 4,000 bytes: after a dozen, the pipe to the stopped process is full.
                String filler = "x".repeat(4000 - 16);
                for (int i = 0; i < REQUESTS; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), d.port()), 5000);
                    s.getOutputStream().write(("stopped " + i + " " + filler + "\n").getBytes(StandardCharsets.UTF_8));
                    clients.add(s);
                }
                Thread.sleep(500); // every line has been read: these clients now go away (reset)
                for (Socket s : clients.subList(0, REQUESTS / 2)) {
                    s.setSoLinger(true, 0);
                    s.close();
                }
                for (Socket s : clients.subList(REQUESTS / 2, REQUESTS)) {
                    s.setSoTimeout(30_000);
                    InputStream in = s.getInputStream();
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Timeout\n");
                }
                String log = d.process().awaitStdout("outcome=", 10);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (count(log, " outcome=") < REQUESTS + 1 && System.nanoTime() - end < 0) {
                    Thread.sleep(50);
                    log = d.process().stdout();
                }
                assertThat(count(log, " outcome=withdrawn ")).as("withdrawn, and the first request")
                        .isEqualTo(REQUESTS / 2 + 1);
                assertThat(count(log, " outcome=timeout ")).as("timed out").isEqualTo(REQUESTS / 2);
                assertThat(state(child.pid())).as("the dialog process was stopped all along").isEqualTo("T");

                // SIGTERM with requests pending: they hear that the daemon is shutting down.
                List<Socket> late = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), d.port()), 5000);
                    s.getOutputStream().write(("late " + i + " " + filler + "\n").getBytes(StandardCharsets.UTF_8));
                    s.setSoTimeout(30_000);
                    late.add(s);
                    clients.add(s);
                }
                Thread.sleep(300);
                long sigterm = System.nanoTime();
                daemon.destroy();
                assertThat(daemon.waitFor(5, TimeUnit.SECONDS)).as("daemon ended within 5 s of SIGTERM").isTrue();
                while (!List.of("gone", "Z").contains(state(child.pid()))
                        && System.nanoTime() - sigterm < TimeUnit.SECONDS.toNanos(5)) {
                    Thread.sleep(20);
                }
                assertThat(state(child.pid())).as("dialog process ended within 5 s of SIGTERM").isIn("gone", "Z");
                assertThat(daemon.exitValue()).isEqualTo(143);
                for (Socket s : late) {
                    assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                            .isEqualTo("Error shutting down\n");
                }
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
                child.destroyForcibly(); // stopped or not, if still there
            }
        }
    }
}
