package org.mediachange.daemon.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 14: {@code web=} on the request port's port, on addresses that overlap, is reported before anything
 * starts, by {@code --check-config} and by a start alike, in one line naming both keys and both options.
 */
class PortClashTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs the daemon's command line with {@code conf} as its configuration file; nothing may start. */
    private int run(Path conf, String... args) {
        CommandLine cl = DaemonCommand.commandLine(bell -> {
            throw new IllegalStateException("the daemon started, but the clash should have stopped it before");
        }, new PrintWriter(out, true), new PrintWriter(err, true));
        DaemonCommand.readConfigFiles(cl, List.of(conf));
        return cl.execute(args);
    }

    private Path conf(String content) throws Exception {
        Path f = dir.resolve("mediachanged.properties");
        Files.writeString(f, content, UTF_8);
        return f;
    }

    @Test
    void checkConfigNamesBothKeysAndExitsTwo() throws Exception {
        Path f = conf("web=8979\nport=8979\n");
        assertThat(run(f, "--check-config")).isEqualTo(ExitCode.USAGE.code());
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("mediachanged: web=8979 and port=8979 (--web and --port) both listen on"
                + " 127.0.0.1 port 8979: give the web console a port of its own, e.g. web=8980"
                + System.lineSeparator());
    }

    @Test
    void theSameFromTheCommandLineAndFromTheDefaultPort() throws Exception {
        Path none = dir.resolve("absent.properties");
        assertThat(run(none, "--web", "8979", "--check-config")).isEqualTo(ExitCode.USAGE.code());
        assertThat(run(none, "--port", "8980", "--web", "0.0.0.0:8980", "--web-insecure", "--check-config"))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString().lines().toList()).containsExactly(
                "mediachanged: web=8979 and port=8979 (--web and --port) both listen on 127.0.0.1 port 8979: give the"
                        + " web console a port of its own, e.g. web=8980",
                "mediachanged: web=0.0.0.0:8980 and port=8980 (--web and --port) both listen on all interfaces port"
                        + " 8980: give the web console a port of its own, e.g. web=8981");
    }

    @Test
    void aStartWithTheClashSaysTheSameInsteadOfFailingToBind() throws Exception {
        Path f = conf("web=127.0.0.1:18979\nport=18979\nbind=127.0.0.1\n");
        assertThat(run(f)).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).isEqualTo("mediachanged: web=18979 and port=18979 (--web and --port) both listen"
                + " on 127.0.0.1 port 18979: give the web console a port of its own, e.g. web=8980"
                + System.lineSeparator());
    }

    @Test
    void differentPortsOrAddressesThatDoNotOverlapAreFine() throws Exception {
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress other = InetAddress.getByName("127.0.0.2");
        InetAddress v6 = InetAddress.getByName("::1");
        assertThat(PortClash.find(null, 8979, new InetSocketAddress(v4, 8980))).isEmpty();
        assertThat(PortClash.find(v4, 8979, new InetSocketAddress(other, 8979))).isEmpty();
        assertThat(PortClash.find(v6, 8979, new InetSocketAddress(v4, 8979))).isEmpty();
        assertThat(PortClash.find(null, 0, new InetSocketAddress(v4, 0))).isEmpty();
        assertThat(PortClash.find(null, 8979, null)).isEmpty();
    }

    @Test
    void addressesOverlapAsTheSystemJudgesABind() throws Exception {
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        InetAddress any4 = InetAddress.getByName("0.0.0.0");
        InetAddress any6 = InetAddress.getByName("::");
        // The same address, and all interfaces (no --bind) with anything.
        assertThat(PortClash.overlap(v4, v4)).isTrue();
        assertThat(PortClash.overlap(v6, v6)).isTrue();
        assertThat(PortClash.overlap(null, v6)).isTrue();
        // :: is dual-stack in the JDK: it takes IPv4 addresses too; 0.0.0.0 takes IPv4 addresses only.
        assertThat(PortClash.overlap(any6, v4)).isTrue();
        assertThat(PortClash.overlap(v6, any6)).isTrue();
        assertThat(PortClash.overlap(any4, any6)).isTrue();
        assertThat(PortClash.overlap(any4, v4)).isTrue();
        assertThat(PortClash.overlap(v4, any4)).isTrue();
        assertThat(PortClash.overlap(any4, v6)).isFalse();
        assertThat(PortClash.overlap(v4, v6)).isFalse();
        assertThat(PortClash.find(v6, 8979, new InetSocketAddress(v6, 8979))).contains("web=[::1]:8979 and"
                + " port=8979 (--web and --port) both listen on ::1 port 8979: give the web console a port of its own,"
                + " e.g. web=8980");
    }
}
