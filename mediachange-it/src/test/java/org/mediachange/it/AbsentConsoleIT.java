package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The shipped hooks ride out a console that is away when the tape fills
 * (issue 14, item 4): mediachange-ask gives mediachangec {@code --retry-for 12h}
 * unless MEDIACHANGEC_OPTS or the client's configuration sets retry-for. A real
 * GNU tar multi-volume backup through the unpacked tarball's
 * {@code tar-new-volume} reaches its volume change while no console runs; the
 * console starts {@value #AWAY_SECONDS} s later, the request appears, the
 * operator answers it with mediachangectl and tar finishes; the volumes
 * extract byte-identical. Headless, so it runs beside the other tests.
 */
@ExtendWith(RequiresPackageTools.class)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("AbsentConsoleIT")
@Timeout(240)
class AbsentConsoleIT {

    /** How long the console is away after the hook has started asking. */
    static final int AWAY_SECONDS = 30;

    @TempDir
    Path work;
    private Outside outside;
    private Path top;

    @BeforeEach
    void setUp() throws Exception {
        outside = new Outside(work);
        top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
    }

    @Test
    void tarWaitsForAConsoleThatIsAwayAndGoesOnWhenItsRequestIsAnswered() throws Exception {
        Path source = Files.createDirectories(work.resolve("source"));
        byte[] data = new byte[1_500_000];
        new Random(8979).nextBytes(data);
        Files.write(source.resolve("data.bin"), data);
        Path tapes = Files.createDirectory(work.resolve("tapes"));
        Path drive = tapes.resolve("drive");
        int port = Outside.freePort();
        Map<String, String> env = Map.of("PATH", Artifacts.sbinPath(), "MEDIACHANGE_HOST", "127.0.0.1",
                "MEDIACHANGEC_OPTS", "--port " + port, "HOME", work.toString());
        try (Launched tar = outside.start(env, List.of("tar", "-c", "-M", "-L", "1024", "-F",
                top.resolve("share/mediachange/hooks/tar-new-volume").toString(), "-f", drive.toString(),
                "-C", source.toString(), "."))) {
            tar.awaitStderr("retrying for up to 12h", 60);
            Thread.sleep(TimeUnit.SECONDS.toMillis(AWAY_SECONDS));
            assertThat(tar.process().isAlive()).as("tar waits while the console is away").isTrue();
            try (HeadlessConsole console = HeadlessConsole.start(outside, port)) {
                JsonObject request = console.awaitPending("tar: mount volume 2 of " + drive, 60);
                // Both times from the daemon's clock: its log line and the request's arrival.
                long ms = java.time.Duration.between(console.listeningSince(),
                        java.time.Instant.parse(request.get("received").getAsString())).toMillis();
                System.out.println("AbsentConsoleIT: the request reached the console " + ms
                        + " ms after it listened again");
                Files.move(drive, tapes.resolve("volume-1.tar"));
                console.ok(request.get("id").getAsLong());
                assertThat(tar.exitCode(60)).as(tar.stderr()).isZero();
            }
        }
        Files.move(drive, tapes.resolve("volume-2.tar"));
        Path restored = Files.createDirectory(work.resolve("restored"));
        outside.runOk("tar", "-x", "-M", "-f", tapes.resolve("volume-1.tar").toString(),
                "-f", tapes.resolve("volume-2.tar").toString(), "-C", restored.toString());
        assertThat(restored.resolve("data.bin")).hasSameBinaryContentAs(source.resolve("data.bin"));
    }

    @Test
    void retryForInTheOptionsOrInTheClientsConfigurationReplacesTheDefault() throws Exception {
        Path ask = top.resolve("share/mediachange/hooks/mediachange-ask");
        int port = Outside.freePort();
        Map<String, String> env = Map.of("PATH", Artifacts.sbinPath(), "MEDIACHANGE_HOST", "127.0.0.1",
                "MEDIACHANGEC_OPTS", "--port " + port + " --retry-for 0", "HOME", work.toString());
        Outside.Ran fromOptions = outside.run(env, List.of(ask.toString(), "Please mount volume 2"), 60);
        assertThat(fromOptions.code()).isEqualTo(5);
        assertThat(fromOptions.err()).doesNotContain("retrying");

        Files.writeString(top.resolve("etc/mediachangec.properties"), "retry-for=0\n", UTF_8);
        Outside.Ran fromFile = outside.run(Map.of("PATH", Artifacts.sbinPath(), "MEDIACHANGE_HOST", "127.0.0.1",
                "MEDIACHANGEC_OPTS", "--port " + port, "HOME", work.toString()),
                List.of(ask.toString(), "Please mount volume 2"), 60);
        assertThat(fromFile.code()).isEqualTo(5);
        assertThat(fromFile.err()).doesNotContain("retrying");
    }
}
