package org.mediachange.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mediachange.client.ClientRun.lines;
import static org.mediachange.client.FakeDaemon.reply;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client with its configuration files installed as {@link Main} installs
 * them: the default host and port, the rule that only a lone argument is sent
 * to the default host, and one-line errors for bad files.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientConfigTest {

    @TempDir
    Path dir;

    private ClientRun run(Path config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            // The real entry point, with this configuration file in place of the installed ones.
            int code = Main.run(args, new ByteArrayInputStream(new byte[0]), o, e, List.of(config));
            o.flush();
            e.flush();
            return new ClientRun(code, out.toString(), err.toString());
        }
    }

    private Path config(String content) throws IOException {
        Path p = dir.resolve("mediachangec.properties");
        Files.writeString(p, content, UTF_8);
        return p;
    }

    @Test
    void aPlainCommandLineStillGetsTheConfiguredDefaults() throws Exception {
        // HOST and MESSAGE given: a command line the picocli-free fast path could take on its own,
        // but the port must come from the configuration file.
        try (FakeDaemon daemon = FakeDaemon.start(reply("Ok"))) {
            Path config = config("port=" + daemon.port() + "\n");
            assertThat(run(config, FakeDaemon.HOST, "mount", "volume", "3"))
                    .isEqualTo(new ClientRun(0, lines("Ok"), ""));
            assertThat(daemon.awaitRequests(1)).containsExactly("mount volume 3");
        }
    }

    @Test
    void aLoneArgumentIsTheMessageForTheConfiguredHostAndPort() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(reply("Ok"))) {
            Path config = config("host=" + FakeDaemon.HOST + "\nport=" + daemon.port() + "\n");
            assertThat(run(config, "mount volume 3")).isEqualTo(new ClientRun(0, lines("Ok"), ""));
            assertThat(daemon.awaitRequests(1)).containsExactly("mount volume 3");
        }
    }

    @Test
    void twoOrMoreArgumentsStillStartWithTheHostWhenADefaultHostIsSet() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(reply("Cancel"))) {
            Path config = config("host=no-such-host.invalid\nport=" + daemon.port() + "\n");
            assertThat(run(config, FakeDaemon.HOST, "mount", "volume", "3"))
                    .isEqualTo(new ClientRun(1, lines("Cancel"), ""));
            assertThat(daemon.awaitRequests(1)).containsExactly("mount volume 3");
        }
    }

    @Test
    void theCommandLinePortOverridesTheConfiguredOne() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(reply("Ok"))) {
            Path config = config("host=" + FakeDaemon.HOST + "\nport=" + FakeDaemon.closedPort() + "\n");
            assertThat(run(config, "-p", Integer.toString(daemon.port()), "hello"))
                    .isEqualTo(new ClientRun(0, lines("Ok"), ""));
        }
    }

    @Test
    void aBadDurationInTheFileIsOneLineNamingTheFileAndKey() throws Exception {
        Path config = config("host=console\ntimeout=soon\n");
        ClientRun run = run(config, "hello");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("mediachangec: " + config + ": key 'timeout': invalid value 'soon': ")
                .contains("is not a duration");
    }

    @Test
    void anUnknownKeyIsOneLineNamingTheFileAndKey() throws Exception {
        Path config = config("hots=console\n");
        ClientRun run = run(config, "console", "hello");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("mediachangec: " + config + ": unknown key 'hots' (known keys: connect-timeout, host,");
    }

    @Test
    void aPortOutOfRangeInTheFileIsOneLineNamingTheFileAndKey() throws Exception {
        for (String port : List.of("0", "70000", "-1")) {
            Path config = config("port=" + port + "\n");
            ClientRun run = run(config, "console", "hello");
            assertThat(run.exitCode()).as(port).isEqualTo(ExitCode.USAGE.code());
            assertThat(run.errLines()).singleElement().asString().isEqualTo("mediachangec: " + config
                    + ": key 'port': invalid value '" + port + "': '" + port + "' is not a port number (1-65535)"
                    + " (see 'mediachangec --help')");
        }
    }

    @Test
    void minusQIsQuietEvenWhereTheFileSaysQuietTrue() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(reply("Ok"))) {
            Path config = config("quiet=true\nport=" + daemon.port() + "\n");
            assertThat(run(config, "-q", FakeDaemon.HOST, "hello")).isEqualTo(new ClientRun(0, "", ""));
        }
    }
}
