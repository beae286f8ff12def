package org.mediachange.client.ctl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the shared options ({@code --url}, {@code --operator}, ...) go
 * before the command name or after it, as {@code git}, {@code kubectl} and
 * {@code systemctl} users put them; a command's own options go after it, and
 * the usage errors say what to type instead.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OptionOrderTest {

    @TempDir
    Path dir;

    private StandInConsole console;
    private final Ctl ctl = new Ctl();

    @BeforeEach
    void start() throws Exception {
        console = StandInConsole.start();
    }

    @AfterEach
    void stop() {
        console.close();
    }

    @Test
    void listTakesTheSharedOptionsBeforeOrAfterItsName() {
        long id = console.open("backup1", "192.168.1.5", "Please mount volume 3");
        Ctl.Run after = ctl.run("list", "--url", console.url(), "--timeout", "20s");
        Ctl.Run before = ctl.run("--url", console.url(), "--timeout", "20s", "list");
        Ctl.Run both = ctl.run("--url", console.url(), "list", "--timeout", "20s", "--recent", "0");
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(after.outLines()).singleElement().asString().startsWith(id + "  pending  ");
        assertThat(before).isEqualTo(after);
        assertThat(both).isEqualTo(after);
        // Before issue 16 the first form was refused with "Unknown options: '--url', ..."
        assertThat(ctl.run("--url=" + console.url(), "list").out()).isEqualTo(after.out());
    }

    @Test
    void okCancelAndWatchTakeThemBeforeTheirNameToo() throws Exception {
        long first = console.open("backup1", "192.168.1.5", "Please mount volume 3");
        long second = console.open("backup2", "192.168.1.6", "Tape full");
        assertThat(ctl.run("--url", console.url(), "ok", Long.toString(first)))
                .isEqualTo(new Ctl.Run(0, "request " + first + " answered Ok\n", ""));
        assertThat(ctl.run("--url", console.url(), "cancel", Long.toString(second)))
                .isEqualTo(new Ctl.Run(0, "request " + second + " answered Cancel\n", ""));
        assertThat(console.seen()).extracting(StandInConsole.Seen::body)
                .containsExactly("{\"answer\":\"ok\"}", "{\"answer\":\"cancel\"}");
        try (Ctl.Running watch = ctl.start("--url", console.url(), "watch", "--retry-for", "0")) {
            console.awaitStreamsOpened(1);
            long third = console.open("backup3", "192.168.1.7", "Load tape set B");
            watch.awaitOut(third + "  pending  backup3", 10);
            assertThat(watch.stop()).isZero();
        }
    }

    @Test
    void theOperatorAndThePasswordFileCountTheSameBeforeTheCommand() throws Exception {
        // A password file on the command line beats $MEDIACHANGE_PASSWORD wherever it stands.
        ctl.env.put(PasswordSource.ENV, "not the password");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, StandInConsole.OTHER_PASSWORD + "\n", UTF_8);
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        Ctl.Run run = ctl.run("--operator", StandInConsole.OTHER_OPERATOR, "--password-file", pw.toString(), "list",
                "--url", console.url());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String auth = console.seen().get(console.seen().size() - 1).authorization();
        assertThat(new String(Base64.getDecoder().decode(auth.substring("Basic ".length())), UTF_8))
                .isEqualTo(StandInConsole.OTHER_OPERATOR + ":" + StandInConsole.OTHER_PASSWORD);
    }

    @Test
    void theCommandLineBeatsTheFilesBeforeTheCommandAsAfterIt() throws Exception {
        StandInConsole gone = StandInConsole.start();
        int closed = gone.port();
        gone.close();
        Path user = dir.resolve("user.properties");
        Files.writeString(user, "url=http://127.0.0.1:" + closed + "\n", UTF_8);
        ctl.configFiles = List.of(user);
        assertThat(ctl.run("list").exitCode()).isEqualTo(5);
        assertThat(ctl.run("--url", console.url(), "list").exitCode()).isZero();
        assertThat(ctl.run("list", "--url", console.url()).exitCode()).isZero();
    }

    @Test
    void aCommandsOwnOptionBeforeItsNameSaysWhereItGoes() {
        assertThat(ctl.run("--recent", "5", "list")).isEqualTo(new Ctl.Run(2, "", "mediachangectl: --recent is an"
                + " option of list: give it after the command name (mediachangectl list --recent ...)"
                + " (see 'mediachangectl --help')\n"));
        assertThat(ctl.run("--retry-for=1m", "watch").err()).startsWith("mediachangectl: --retry-for is an option"
                + " of watch: give it after the command name");
        assertThat(console.seen()).isEmpty();
    }

    @Test
    void anUnknownCommandNamesTheCommandsAndTheLikelyOne() {
        assertThat(ctl.run("--url", console.url(), "lst")).isEqualTo(new Ctl.Run(2, "", "mediachangectl: unknown"
                + " command 'lst' (did you mean list?): use list, ok, cancel, watch or status (see 'mediachangectl"
                + " --help')\n"));
        assertThat(ctl.run("approve", "12").err()).isEqualTo("mediachangectl: unknown command 'approve': use list,"
                + " ok, cancel, watch or status (see 'mediachangectl --help')\n");
        assertThat(ctl.run("--url", console.url())).isEqualTo(new Ctl.Run(2, "", "mediachangectl: missing COMMAND:"
                + " list, ok, cancel, watch or status (see 'mediachangectl --help')\n"));
        assertThat(console.seen()).isEmpty();
    }

    @Test
    void theTopLevelHelpListsTheSharedOptionsAndEachCommandsHelpToo() {
        String top = ctl.run("--help").out().replaceAll("\\s+", " ");
        assertThat(top).contains("--url=URL", "--operator=NAME", "--password-file=FILE", "--ca-file=FILE",
                "--connect-timeout=DURATION", "--timeout=DURATION", "may come before COMMAND or after it");
        assertThat(top).doesNotContain("--recent", "--retry-for=");
        String list = ctl.run("list", "--help").out();
        // The shared options first, as before, then the command's own, help and version last.
        assertThat(list.indexOf("--url=URL")).isLessThan(list.indexOf("--recent=N"));
        assertThat(list.indexOf("--recent=N")).isLessThan(list.indexOf("--help"));
    }
}
