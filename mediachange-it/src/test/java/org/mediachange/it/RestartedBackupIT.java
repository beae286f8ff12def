package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * Issue 14: a restart or an upgrade of the console never costs a backup. A
 * real GNU tar multi-volume backup through the shipped {@code tar-new-volume}
 * hook waits at the end of volume 1 while the console's daemon is restarted,
 * (a) from the unpacked tarball, by SIGTERM and a new start, (b) from the
 * unpacked .debs, by the init script's {@code restart} (what the package's
 * postinst runs on an upgrade without systemd). The operator then answers in
 * the web console, the backup goes on, and the archive restores byte for
 * byte. The audit log has one line for that request, with its one id and
 * {@code restarts=1}, and none saying {@code error:shutting-down}. Prints how
 * long each restart took the console away, for docs/OPERATIONS.md.
 *
 * <p>The hook is used as shipped; the host and port come from the client's
 * configuration file, as an admin sets them. The two tests run side by side
 * (the first has no dialog, the second the only one on the display).
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class, RequiresPackageTools.class})
@Timeout(300)
class RestartedBackupIT {


    /** A console daemon that can be restarted, and the way to answer it. */
    private interface Console extends AutoCloseable {
        /** Restarts the daemon; returns when it listens again. */
        void restart() throws Exception;

        /** The web console's API of the daemon running now. */
        Api api() throws Exception;

        /** Everything the audit log holds. */
        String auditLog() throws Exception;
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT) // headless: beside the next one
    void aTarBackupRidesOutASigtermAndANewStartOfTheTarballsDaemon(Outside outside) throws Exception {
        Path work = outside.work();
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        Path operators = WebSetup.operators(outside);
        int port = Outside.freePort();
        int webPort = Outside.freePort();
        Path logs = Files.createDirectory(work.resolve("logs"));
        Map<String, String> env = new HashMap<>();
        env.put("DISPLAY", null);
        env.put("LOGS_DIRECTORY", logs.toString());
        String[] args = {"--dialog", "none", "--allow", "127.0.0.0/8", "--port", Integer.toString(port), "--web",
            "127.0.0.1:" + webPort, "--operators", operators.toString(), "--state-dir", work.resolve("state").toString()};
        Files.writeString(top.resolve("etc/mediachangec.properties"), "host=127.0.0.1\nport=" + port + "\n", UTF_8);
        Outside.Daemon[] running = {outside.daemon(top.resolve("bin/mediachanged"), env, args)};
        Console console = new Console() {
            @Override
            public void restart() throws Exception {
                running[0].process().process().destroy(); // SIGTERM
                assertThat(running[0].process().process().waitFor(10, TimeUnit.SECONDS)).as("stopped").isTrue();
                running[0] = outside.daemon(top.resolve("bin/mediachanged"), env, args);
            }

            @Override
            public Api api() throws Exception {
                return new Api(WebSetup.url(running[0].process()), WebSetup.NAME, WebSetup.PASSWORD);
            }

            @Override
            public String auditLog() throws Exception {
                return Files.readString(logs.resolve("audit.log"), UTF_8);
            }

            @Override
            public void close() throws Exception {
                running[0].close();
            }
        };
        try (console) {
            backUpAcrossARestart(outside, top.resolve("share/mediachange/hooks/tar-new-volume"), console, "SIGTERM");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aTarBackupRidesOutTheInitScriptsRestartOfThePackagedDaemon(Outside outside) throws Exception {
        Path work = outside.work();
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        Path operators = WebSetup.operators(outside);
        int webPort = Outside.freePort();
        // As an admin edits it: this display, a free port, loopback allowed, the web console, run as ourselves.
        Files.writeString(root.resolve("etc/default/mediachanged"), String.join("\n",
                "DISPLAY=" + System.getenv("DISPLAY"),
                "MEDIACHANGED_OPTS=\"--port 0 --allow 127.0.0.0/8 --web 127.0.0.1:" + webPort + " --operators "
                        + operators + "\"",
                "MEDIACHANGED_USER=", ""), UTF_8);
        Files.createDirectories(root.resolve("run"));
        Path log = root.resolve("var/log/mediachange/mediachanged.log");
        Outside.Ran start = Artifacts.initScript(outside, root, "start");
        assertThat(start.code()).as(start.err() + start.out()).isZero();
        int port = Outside.lastListeningPort(Files.readString(log, UTF_8));
        Files.writeString(root.resolve("etc/mediachange/mediachangec.properties"),
                "host=127.0.0.1\nport=" + port + "\n", UTF_8);
        Console console = new Console() {
            @Override
            public void restart() throws Exception {
                Outside.Ran restart = Artifacts.initScript(outside, root, "restart");
                assertThat(restart.code()).as(restart.err() + restart.out()).isZero();
                // The port was 0: the new daemon has to get the same one back, which the old one just freed.
                assertThat(Outside.lastListeningPort(Files.readString(log, UTF_8))).isNotNegative();
            }

            @Override
            public Api api() {
                return new Api("http://127.0.0.1:" + webPort + "/", WebSetup.NAME, WebSetup.PASSWORD);
            }

            @Override
            public String auditLog() throws Exception {
                return Files.readString(root.resolve("var/log/mediachange/audit.log"), UTF_8);
            }

            @Override
            public void close() throws Exception {
                Artifacts.initScript(outside, root, "stop");
            }
        };
        // Port 0 would move on a restart: pin the one it got, as an admin's port= does.
        Files.writeString(root.resolve("etc/default/mediachanged"), Files.readString(
                root.resolve("etc/default/mediachanged"), UTF_8).replace("--port 0", "--port " + port), UTF_8);
        try (console) {
            backUpAcrossARestart(outside, root.resolve("usr/share/mediachange/hooks/tar-new-volume"), console,
                    "init script restart");
        }
    }

    /**
     * tar writes three volumes through {@code hook}; while it waits for volume 2 the console
     * restarts; the operator changes tapes and answers Ok in the web console each time.
     */
    private static void backUpAcrossARestart(Outside outside, Path hook, Console console, String how)
            throws Exception {
        Path work = outside.work();
        Path source = BackupSource.create(work.resolve("source"));
        Path tapes = Files.createDirectory(work.resolve("tapes"));
        Path drive = tapes.resolve("drive");
        String volume2 = "tar: mount volume 2 of " + drive + " and press OK";
        String volume3 = "tar: mount volume 3 of " + drive + " and press OK";
        try (Launched tar = outside.start(Map.of("PATH", Artifacts.sbinPath()), List.of("tar", "-c", "-M", "-L",
                Integer.toString(BackupSource.VOLUME_KIB), "-F", hook.toString(), "-f", drive.toString(),
                "-C", source.toString(), "."))) {
            Api before = console.api();
            long id = awaitPendingStartingWith(before, volume2);
            String received = receivedOf(before, id);
            long restarting = System.nanoTime();
            console.restart();
            long listening = System.nanoTime();
            Api after = console.api();
            assertThat(awaitPendingStartingWith(after, volume2)).as("the same request, the same id").isEqualTo(id);
            long back = System.nanoTime();
            assertThat(receivedOf(after, id)).as("the same age").isEqualTo(received);
            assertThat(tar.process().isAlive()).as("tar waits: " + tar.stderr()).isTrue();
            System.err.printf("RestartedBackupIT (%s): the console away %.0f ms; tar's request pending again"
                    + " %.0f ms after it listened; waiting %d s in all%n", how, (listening - restarting) / 1e6,
                    (back - listening) / 1e6, Duration.between(Instant.parse(received), Instant.now()).toSeconds());

            // The operator takes the full tape out (and puts an empty one in), then answers.
            Files.move(drive, tapes.resolve("volume-1.tar"));
            assertThat(after.answer(id, "ok").get("outcome").getAsString()).isEqualTo("ok");
            long next = awaitPendingStartingWith(after, volume3);
            assertThat(next).isNotEqualTo(id);
            Files.move(drive, tapes.resolve("volume-2.tar"));
            after.answer(next, "ok");
            assertThat(tar.exitCode(60)).as(tar.stderr()).isZero();
        }
        Files.move(drive, tapes.resolve("volume-3.tar"));
        Path restored = Files.createDirectory(work.resolve("restored"));
        outside.runOk("tar", "-x", "-M", "-f", tapes.resolve("volume-1.tar").toString(),
                "-f", tapes.resolve("volume-2.tar").toString(), "-f", tapes.resolve("volume-3.tar").toString(),
                "-C", restored.toString());
        BackupSource.assertSameTree(source, restored);

        String audit = awaitAudited(console, volume3);
        List<String> second = audit.lines().filter(l -> l.contains("msg=\"" + volume2)).toList();
        assertThat(second).as("one line for the request that waited through the restart").singleElement().asString()
                .containsPattern("outcome=ok peer=127\\.0\\.0\\.1 port=\\d+ id=\\d+ by=web:alice host=\"[^\"]*\""
                        + " seconds=\\d+\\.\\d{3} restarts=1 msg=\"" + Pattern.quote(volume2));
        assertThat(audit.lines().filter(l -> l.contains("msg=\"" + volume3))).singleElement().asString()
                .contains("outcome=ok ").doesNotContain("restarts=");
        assertThat(audit).doesNotContain("error:shutting-down").doesNotContain("withdrawn");
    }

    private static long awaitPendingStartingWith(Api api, String prefix) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                for (var e : api.requests().getAsJsonArray("pending")) {
                    if (e.getAsJsonObject().get("message").getAsString().startsWith(prefix)) {
                        return e.getAsJsonObject().get("id").getAsLong();
                    }
                }
            } catch (java.io.IOException e) {
                // the console is still starting
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no pending request '" + prefix + "...' in 30 s");
            }
            Thread.sleep(20);
        }
    }

    private static String receivedOf(Api api, long id) throws Exception {
        for (var e : api.requests().getAsJsonArray("pending")) {
            if (e.getAsJsonObject().get("id").getAsLong() == id) {
                return e.getAsJsonObject().get("received").getAsString();
            }
        }
        throw new AssertionError("request " + id + " is not pending");
    }

    private static String awaitAudited(Console console, String message) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String audit = console.auditLog();
            if (audit.contains("msg=\"" + message)) {
                return audit;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no audit line for '" + message + "': " + audit);
            }
            Thread.sleep(20);
        }
    }


}
