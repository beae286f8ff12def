package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * The backup-tool hooks driving real backups: GNU tar writing a multi-volume
 * archive and dump writing a multi-volume dump of a real ext2 file system,
 * each asking for every new volume through the hook, the real daemon showing
 * the dialog under Xvfb and xdotool answering as the operator, who also
 * "changes the tape" (moves the full volume aside) before pressing OK. With
 * Ok every time the backup completes and restores byte-identical to the
 * source; with Cancel at the first change the tool aborts.
 *
 * <p>tar uses the hooks of the unpacked tarball with the daemon host from the
 * client's configuration file; dump uses those of the unpacked .debs with the
 * host from MEDIACHANGE_HOST.
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class, RequiresPackageTools.class})
@Timeout(240)
class BackupHooksIT {

    private static final int VOLUME_KIB = BackupSource.VOLUME_KIB;

    private Outside outside;
    private Path work;
    private Path source;

    @BeforeEach
    void setUp(Outside outside) throws IOException {
        this.outside = outside;
        this.work = outside.work();
        source = BackupSource.create(work.resolve("source"));
    }

    @Test
    void tarMultiVolumeWithOkAtEachChangeExtractsIdentical() throws Exception {
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        Path hook = top.resolve("share/mediachange/hooks/tar-new-volume");
        Path tapes = Files.createDirectory(work.resolve("tapes"));
        Path drive = tapes.resolve("drive");
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8")) {
            Files.writeString(top.resolve("etc/mediachangec.properties"), "host=127.0.0.1\nport=" + d.port() + "\n",
                    UTF_8);
            try (Launched tar = outside.start(env(), List.of("tar", "-c", "-M", "-L", Integer.toString(VOLUME_KIB),
                    "-F", hook.toString(), "-f", drive.toString(), "-C", source.toString(), "."))) {
                for (int volume = 2; volume <= 3; volume++) {
                    // The answered dialog is gone (press waits for that), and a dialog window may be used
                    // again for the next request: any dialog on screen now asks for this volume.
                    String dialog = outside.awaitDialog();
                    // The operator takes the full tape out (and puts an empty one in), then presses OK.
                    Files.move(drive, tapes.resolve("volume-" + (volume - 1) + ".tar"));
                    outside.press(dialog, "Return");
                    awaitCount(d, "outcome=ok ", volume - 1);
                }
                assertThat(tar.exitCode(60)).as(tar.stderr()).isZero();
            }
            Files.move(drive, tapes.resolve("volume-3.tar"));
            assertThat(d.process().stdout())
                    .contains("msg=\"tar: mount volume 2 of " + drive + " and press OK")
                    .contains("msg=\"tar: mount volume 3 of " + drive + " and press OK");
        }
        Path restored = Files.createDirectory(work.resolve("restored"));
        outside.runOk("tar", "-x", "-M", "-f", tapes.resolve("volume-1.tar").toString(),
                "-f", tapes.resolve("volume-2.tar").toString(), "-f", tapes.resolve("volume-3.tar").toString(),
                "-C", restored.toString());
        BackupSource.assertSameTree(source, restored);
    }

    @Test
    void tarAbortsWhenTheOperatorCancelsVolumeTwo() throws Exception {
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        Path drive = work.resolve("drive");
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8")) {
            Files.writeString(top.resolve("etc/mediachangec.properties"), "host=127.0.0.1\nport=" + d.port() + "\n",
                    UTF_8);
            try (Launched tar = outside.start(env(), List.of("tar", "-c", "-M", "-L", Integer.toString(VOLUME_KIB),
                    "-F", top.resolve("share/mediachange/hooks/tar-new-volume").toString(),
                    "-f", drive.toString(), "-C", source.toString(), "."))) {
                outside.press(outside.awaitDialog(), "Escape");
                assertThat(tar.exitCode(60)).isNotZero();
                assertThat(tar.stderr()).contains("tar-new-volume");
            }
            assertThat(d.process().awaitStdout("outcome=cancel ", 10)).contains("mount volume 2 of");
        }
    }

    @Test
    void dumpMultiVolumeWithOkAtEachChangeRestoresIdentical() throws Exception {
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        Path volumes = Files.createDirectory(work.resolve("volumes"));
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8");
                LoopDevice disk = LoopDevice.withExt2Of(outside, source, work.resolve("fs.img"))) {
            try (Launched dump = outside.start(env(d), List.of("dump", "-0", "-B", Integer.toString(VOLUME_KIB),
                    "-F", root.resolve("usr/share/mediachange/hooks/dump-new-volume").toString(),
                    "-M", "-f", volumes.resolve("vol").toString(), disk.device()))) {
                for (int full = 1; full <= 2; full++) {
                    outside.press(outside.awaitDialog(), "Return");
                    awaitCount(d, "outcome=ok ", full);
                }
                assertThat(dump.exitCode(60)).as(dump.stderr()).isZero();
                assertThat(dump.stderr()).contains("DUMP: DUMP IS DONE").contains("on 3 volume(s)");
            }
            assertThat(d.process().stdout())
                    .contains("msg=\"dump: volume 1 on " + volumes.resolve("vol001") + " is full; mount volume 2")
                    .contains("msg=\"dump: volume 2 on " + volumes.resolve("vol002") + " is full; mount volume 3");
        }
        Path restored = Files.createDirectory(work.resolve("restored"));
        outside.runOk("sh", "-c", "cd \"$1\" && exec restore -x -a -y -M -f \"$2\" </dev/null", "sh",
                restored.toString(), volumes.resolve("vol").toString());
        Files.delete(restored.resolve("lost+found"));
        BackupSource.assertSameTree(source, restored);
    }

    @Test
    void dumpAbortsWhenTheOperatorCancels() throws Exception {
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.0/8");
                LoopDevice disk = LoopDevice.withExt2Of(outside, source, work.resolve("fs.img"))) {
            try (Launched dump = outside.start(env(d), List.of("dump", "-0", "-B", Integer.toString(VOLUME_KIB),
                    "-F", root.resolve("usr/share/mediachange/hooks/dump-new-volume").toString(),
                    "-M", "-f", work.resolve("vol").toString(), disk.device()))) {
                outside.press(outside.awaitDialog(), "Escape");
                // dump's own code for an aborted dump is 3.
                assertThat(dump.exitCode(60)).isEqualTo(3);
                assertThat(dump.stderr()).contains("Dump aborted by the end of tape script");
            }
            assertThat(d.process().awaitStdout("outcome=cancel ", 10)).contains("mount volume 2");
        }
    }

    /** The hooks' environment for tar: sbin on PATH; the host comes from the client's configuration. */
    private static Map<String, String> env() {
        return Map.of("PATH", Artifacts.sbinPath());
    }

    /** The hooks' environment with the daemon given by MEDIACHANGE_HOST and MEDIACHANGEC_OPTS. */
    private static Map<String, String> env(Outside.Daemon d) {
        return Map.of("PATH", Artifacts.sbinPath(), "MEDIACHANGE_HOST", "127.0.0.1",
                "MEDIACHANGEC_OPTS", "--port " + d.port() + " --timeout 2m");
    }

    /** Waits (at most 20 s) until the daemon has logged {@code text} {@code count} times. */
    private static void awaitCount(Outside.Daemon d, String text, int count) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            String out = d.process().stdout();
            int n = out.split(Pattern.quote(text), -1).length - 1;
            if (n >= count) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("'" + text + "' logged " + n + " times, not " + count + ": " + out);
            }
            Thread.sleep(50);
        }
    }

    /**
     * An ext2 image of a directory (mke2fs -d: no mount needed) attached to a loop device.
     * dump needs a device: given a regular file, it dumps that file's directory of the
     * mounted file system that contains it instead.
     */
    record LoopDevice(Outside outside, String device) implements AutoCloseable {

        static LoopDevice withExt2Of(Outside outside, Path content, Path image) throws Exception {
            Outside.Ran mkfs = outside.run(Map.of("PATH", Artifacts.sbinPath()), List.of("mke2fs", "-q", "-F",
                    "-t", "ext2", "-d", content.toString(), image.toString(), "8M"), 60);
            assertThat(mkfs.code()).as("mke2fs: " + mkfs.err()).isZero();
            Outside.Ran loop = outside.run(Map.of("PATH", Artifacts.sbinPath()),
                    List.of("losetup", "--find", "--show", image.toString()), 60);
            assertThat(loop.code()).as("losetup (needs root and loop devices): " + loop.err()).isZero();
            return new LoopDevice(outside, loop.out().strip());
        }

        @Override
        public void close() throws Exception {
            outside.run(Map.of("PATH", Artifacts.sbinPath()), List.of("losetup", "--detach", device), 60);
        }
    }
}
