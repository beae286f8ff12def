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
 * Option defaults from the properties files, as {@link CtlMain} reads them:
 * the later file wins, the command line beats both, each command checks its
 * own keys (with the file and key named in one line) and leaves watch's
 * {@code retry-for} to watch.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(StandInConsoles.class)
class ConfigTest {

    @TempDir
    Path dir;

    /** Started before each test and closed after it ({@link StandInConsoles}). */
    private StandInConsole console;
    private final Ctl ctl = new Ctl();

    private Path config(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, UTF_8);
        return p;
    }

    @Test
    void theUsersFileOverridesTheSystemOneAndTheCommandLineBoth() throws Exception {
        Path system = config("system.properties", "url=http://127.0.0.1:1\noperator=bob\n");
        Path user = config("user.properties", "url=" + console.url() + "\n");
        ctl.configFiles = List.of(system, user);
        ctl.env.put(PasswordSource.ENV, StandInConsole.OTHER_PASSWORD);
        assertThat(ctl.run("list").exitCode()).isZero();
        ctl.env.put(PasswordSource.ENV, StandInConsole.PASSWORD);
        assertThat(ctl.run("list", "--operator", "alice").exitCode()).isZero();
        assertThat(ctl.run("list", "--url", "http://127.0.0.1:1", "--operator", "alice").exitCode()).isEqualTo(5);
    }

    @Test
    void anUnknownKeyIsOneLineNamingTheFile() throws Exception {
        Path user = config("user.properties", "url=" + console.url() + "\nhost=console\n");
        ctl.configFiles = List.of(user);
        Ctl.Run run = ctl.run("list");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("mediachangectl: " + user + ": unknown key 'host' (known keys: ")
                .contains("retry-for").contains("url");
        assertThat(console.seen()).isEmpty();
    }

    @Test
    void aBadValueNamesTheFileAndTheKey() throws Exception {
        Path user = config("user.properties", "timeout=soon\n");
        ctl.configFiles = List.of(user);
        // A shared option's value is checked where the option is declared, before the command name is read.
        assertThat(ctl.run("ok", "7").err()).isEqualTo("mediachangectl: " + user + ": key 'timeout': invalid value"
                + " 'soon': 'soon' is not a duration (use e.g. 500ms, 30s, 5m, 2h, 1h30m)"
                + " (see 'mediachangectl --help')\n");
    }

    @Test
    void retryForIsWatchsAndOnlyWatchChecksIt() throws Exception {
        int closed = console.port();
        console.close();
        Path user = config("user.properties", "url=http://127.0.0.1:" + closed + "\nretry-for=0\n");
        ctl.configFiles = List.of(user);
        // retry-for=0: watch gives up at once, without a "trying again" line.
        assertThat(ctl.run("watch")).isEqualTo(new Ctl.Run(5, "", "mediachangectl: cannot reach the web console at"
                + " http://127.0.0.1:" + closed + "/: connection refused\n"));
        Files.writeString(user, "url=http://127.0.0.1:" + closed + "\nretry-for=later\n", UTF_8);
        assertThat(ctl.run("list").exitCode()).isEqualTo(5);
        Ctl.Run watch = ctl.run("watch");
        assertThat(watch.exitCode()).isEqualTo(2);
        assertThat(watch.err()).isEqualTo("mediachangectl: " + user + ": key 'retry-for': invalid value 'later':"
                + " 'later' is not a duration (use e.g. 500ms, 30s, 5m, 2h, 1h30m) (see 'mediachangectl watch"
                + " --help')\n");
    }

    @Test
    void theCaFileCanBeConfigured() throws Exception {
        Path user = config("user.properties", "ca-file=" + dir.resolve("missing.pem") + "\nurl=" + console.url()
                + "\n");
        ctl.configFiles = List.of(user);
        assertThat(ctl.run("list").err()).startsWith("mediachangectl: cannot read --ca-file " + dir.resolve(
                "missing.pem"));
    }
}
