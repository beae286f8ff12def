package org.mediachange.client.ctl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device token a console gives mediachangectl: kept per console and
 * operator in the user's state directory (0600), sent with every request
 * after, so the console knows this client logged in before and guessing by
 * others does not hold it up.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeviceTokenTest {

    @TempDir
    Path dir;

    private StandInConsole console;
    private final Ctl ctl = new Ctl();
    private Path file;

    @BeforeEach
    void start() throws Exception {
        console = StandInConsole.start();
        ctl.env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        file = dir.resolve("state/mediachange/device-tokens");
    }

    @AfterEach
    void stop() {
        console.close();
    }

    private String lastCookie() {
        return console.seen().get(console.seen().size() - 1).cookie();
    }

    @Test
    void theTokenIsKeptPrivatelyAndSentFromThenOn() throws Exception {
        String url = console.url() + "/";
        assertThat(ctl.run("list", "--url", url).exitCode()).isZero();
        assertThat(lastCookie()).isNull();
        assertThat(Files.readString(file, UTF_8)).isEqualTo(url + " alice device-of-alice-1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");

        Ctl.Run again = ctl.run("list", "--url", url);
        assertThat(again.exitCode()).isZero();
        assertThat(again.err()).isEmpty();
        assertThat(lastCookie()).isEqualTo("mediachange-device=device-of-alice-1");

        // Another operator has a token of their own; the first one's stays.
        ctl.env.put("USER", StandInConsole.OTHER_OPERATOR);
        ctl.env.put(PasswordSource.ENV, StandInConsole.OTHER_PASSWORD);
        assertThat(ctl.run("list", "--url", url).exitCode()).isZero();
        assertThat(lastCookie()).isNull();
        assertThat(Files.readAllLines(file, UTF_8)).containsExactly(url + " alice device-of-alice-1",
                url + " bob device-of-bob-2");
        assertThat(ctl.run("list", "--url", url).exitCode()).isZero();
        assertThat(lastCookie()).isEqualTo("mediachange-device=device-of-bob-2");
    }

    @Test
    void theLiveStreamSendsTheTokenToo() throws Exception {
        String url = console.url() + "/";
        assertThat(ctl.run("list", "--url", url).exitCode()).isZero();
        try (Ctl.Running watch = ctl.start("watch", "--url", url)) {
            for (int i = 0; i < 500 && console.streamsOpened() == 0; i++) {
                Thread.sleep(10);
            }
            assertThat(console.seen()).anyMatch(s -> s.path().equals("/api/events")
                    && "mediachange-device=device-of-alice-1".equals(s.cookie()));
        }
    }

    @Test
    void aFileOthersCouldReadIsNotUsedAndTheCommandStillWorks() throws Exception {
        String url = console.url() + "/";
        Files.createDirectories(file.getParent());
        Files.writeString(file, url + " alice stolen-token\n", UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Ctl.Run r = ctl.run("list", "--url", url);
        assertThat(r.exitCode()).isZero();
        assertThat(r.errLines()).containsExactly("mediachangectl: warning: not using mediachangectl's device token"
                + " file " + file + " has mode 0644: group and others may read it; run chmod 600 " + file);
        assertThat(lastCookie()).isNull();
        assertThat(Files.readString(file, UTF_8)).isEqualTo(url + " alice stolen-token\n");
    }
}
