package org.mediachange.client.ctl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CtlMain} in a JVM of its own, ended by a real SIGTERM: a running
 * watch ends with exit code 0 and its lines already on stdout; any other
 * command keeps the JVM's usual 143. (SIGINT takes the same path; the
 * launcher test sends it, where the shell's handling of it is known.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(StandInConsoles.class)
class WatchSignalTest {

    @TempDir
    Path dir;

    /** Started before each test and closed after it ({@link StandInConsoles}). */
    private StandInConsole console;

    private Process ctl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dmediachange.confdir=" + dir, "-cp", System.getProperty("java.class.path"),
                CtlMain.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("USER", StandInConsole.OPERATOR);
        pb.environment().put(PasswordSource.ENV, StandInConsole.PASSWORD);
        return pb.start();
    }

    private String awaitOut(String text) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String out = Files.readString(dir.resolve("out"), UTF_8);
            if (out.contains(text)) {
                return out;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("stdout lacks '" + text + "': " + out + Files.readString(dir.resolve("err")));
            }
            Thread.sleep(20);
        }
    }

    @Test
    void sigtermEndsAWatchWithZero() throws Exception {
        long id = console.open("backup1", "192.168.1.5", "Please mount volume 3");
        Process p = ctl("watch", "--url", console.url());
        try {
            awaitOut("  " + id + "  pending  backup1 (192.168.1.5)  Please mount volume 3\n");
            console.awaitStreamsOpened(1);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(Files.readString(dir.resolve("err"), UTF_8)).isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void theExitCodeOfAWatchThatEndsByItselfIsKept() throws Exception {
        int closed = console.port();
        console.close();
        Process p = ctl("watch", "--url", "http://127.0.0.1:" + closed, "--retry-for", "0");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(5);
        assertThat(Files.readString(dir.resolve("err"), UTF_8))
                .isEqualTo("mediachangectl: cannot reach the web console at http://127.0.0.1:" + closed
                        + "/: connection refused\n");
    }

    @Test
    void sigtermEndsAnyOtherCommandAsTheJvmDoes() throws Exception {
        // A "console" that accepts the connection and never answers: list waits (--timeout 0).
        try (java.net.ServerSocket mute = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process p = ctl("list", "--url", "http://127.0.0.1:" + mute.getLocalPort(), "--timeout", "0");
            java.net.Socket accepted = mute.accept();
            try {
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isEqualTo(143);
            } finally {
                p.destroyForcibly();
                accepted.close();
            }
        }
    }
}
