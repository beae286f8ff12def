package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The Amanda interactivity module from the unpacked .debs under a real
 * {@code amdump} (Debian's Amanda 3.5, see {@link Amanda}), asking at a real
 * headless console answered with mediachangectl: the changer has an empty slot
 * and a wrong volume, so the taper asks; OK makes Amanda look again (and ask
 * again, the volume still missing); once the operator has put the volume in,
 * Amanda's own poll finds it, the request is withdrawn and the dump goes to
 * tape; Cancel ends the taping with the reason in Amanda's log.
 */
@ExtendWith(RequiresAmanda.class)
@Execution(ExecutionMode.CONCURRENT)
// A lock of its own: this class's tests run one after another, the class beside the others.
@ResourceLock("AmandaIT")
@Timeout(300)
class AmandaIT {

    @TempDir
    Path work;
    private HeadlessConsole console;
    private Amanda amanda;

    private Amanda start() throws Exception {
        Outside outside = new Outside(work);
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        console = HeadlessConsole.start(outside);
        amanda = Amanda.create(outside, Files.createDirectory(work.resolve("amanda")), root, console.port());
        return amanda;
    }

    @AfterEach
    void stop() throws Exception {
        if (amanda != null) {
            amanda.close();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void okMakesAmandaLookAgainAndTheVolumeItFindsWithdrawsTheRequestAndTheDumpIsTaped() throws Exception {
        Amanda a = start();
        try (Launched amdump = a.start("amdump", Amanda.CONFIG)) {
            JsonObject first = console.awaitPending("Amanda (" + Amanda.CONFIG + "): insert", 120);
            assertThat(first.get("message").getAsString())
                    .startsWith("Amanda (mctest): insert a new volume in chg-disk:" + work.resolve("amanda/mctest-tapes")
                            + " and press OK (Amanda looks again; Cancel stops the taping) -- ");
            long firstId = first.get("id").getAsLong();

            // OK with no volume in: Amanda scans again and asks again.
            console.ok(firstId);
            assertThat(console.awaitEnded(firstId, 30)).isEqualTo("ok");
            JsonObject second = console.awaitPending("Amanda (" + Amanda.CONFIG + "): insert", 60);
            long secondId = second.get("id").getAsLong();
            assertThat(secondId).isNotEqualTo(firstId);

            // The operator puts the volume in; Amanda's poll (every 10 s) finds it before any answer.
            a.putVolumeIn();
            assertThat(console.awaitEnded(secondId, 60)).isEqualTo("withdrawn");
            assertThat(amdump.exitCode(120)).as(amdump.stdout() + amdump.stderr()).isZero();
        }
        assertThat(a.log()).contains("START taper").contains("label MC-01")
                .contains("INFO taper tape MC-01 kb");
        assertThat(a.slot(1)).contains("00000.MC-01").anyMatch(f -> f.startsWith("00001.localhost."));
        assertThat(console.pending()).isEmpty();
    }

    @Test
    void cancelStopsTheTapingWithTheReasonInAmandasLog() throws Exception {
        Amanda a = start();
        try (Launched amdump = a.start("amdump", Amanda.CONFIG)) {
            JsonObject request = console.awaitPending("Amanda (" + Amanda.CONFIG + "): insert", 120);
            console.cancel(request.get("id").getAsLong());
            // amdump's exit code is a bit mask; 16 is "a taper error".
            assertThat(amdump.exitCode(120) & 16).isEqualTo(16);
        }
        assertThat(a.log()).contains("ERROR taper no-tape error [the operator answered Cancel at the mediachange"
                + " console]");
        assertThat(a.slot(1)).isEmpty();
    }
}
