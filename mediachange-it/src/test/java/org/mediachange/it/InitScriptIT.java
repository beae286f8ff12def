package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * /etc/init.d/mediachanged from the .deb, run against the packages unpacked in a
 * temporary root (MEDIACHANGE_ROOT moves its /etc, /run and /var/log there): start,
 * status, the daemon's environment from /etc/default/mediachanged, a request
 * answered through the started daemon, restart, stop, status,
 * and a start that fails because of a bad option in /etc/default/mediachanged;
 * the service's files that root took (issue 14): start gives them back, status
 * and --check-config say so, and a daemon run as root leaves them to the service.
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class, RequiresPackageTools.class})
@Timeout(180)
class InitScriptIT {

    /** The service's user in the tests that need one other than root: a system user every Debian has. */
    private static final String USER = "daemon";

    @Test
    void startStatusRequestRestartStopStatus(Outside outside) throws Exception {
        Path work = outside.work();
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        // As an admin edits it: this display, a free port, loopback allowed, run as ourselves.
        writeDefaults(root, "--port 0 --allow 127.0.0.0/8");
        Path log = root.resolve("var/log/mediachange/mediachanged.log");
        Path pidfile = root.resolve("run/mediachanged.pid");

        Outside.Ran start = Artifacts.initScript(outside, root, "start");
        assertThat(start.code()).as(start.err() + start.out()).isZero();
        assertThat(start.out()).contains("Starting mediachange operator dialog daemon");
        String pid = Files.readString(pidfile, UTF_8).strip();
        assertThat(Path.of("/proc", pid, "comm")).content(UTF_8).isEqualTo("java\n");
        assertThat(List.of(Files.readString(Path.of("/proc", pid, "environ"), UTF_8).split("\0")))
                .contains("NTFY_TOKEN=tk_from_the_defaults");

        Outside.Ran status = Artifacts.initScript(outside, root, "status");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("mediachanged is running").doesNotContain("waiting");
        assertThat(start.err()).as("nothing to say about a display that answers").isEmpty();

        Outside.Ran again = Artifacts.initScript(outside, root, "start");
        assertThat(again.code()).isZero();
        assertThat(Files.readString(pidfile, UTF_8).strip()).as("a second start starts nothing").isEqualTo(pid);

        int port = Outside.lastListeningPort(Files.readString(log, UTF_8));
        try (Launched c = outside.start(List.of(root.resolve("usr/bin/mediachangec").toString(), "-p",
                Integer.toString(port), "127.0.0.1", "started by the init script"))) {
            outside.answer("Return");
            assertThat(c.exitCode(20)).isZero();
            assertThat(c.stdout()).isEqualTo("Ok\n");
        }
        // The audit log lands beside the console log: the script sets LOGS_DIRECTORY. The line is
        // written once the reply is, so it may come a moment after the client has its answer.
        awaitContains(root.resolve("var/log/mediachange/audit.log"), "msg=\"started by the init script\"");

        Outside.Ran restart = Artifacts.initScript(outside, root, "restart");
        assertThat(restart.code()).as(restart.err() + restart.out()).isZero();
        String newPid = Files.readString(pidfile, UTF_8).strip();
        assertThat(newPid).isNotEqualTo(pid);
        assertThat(Path.of("/proc", pid)).as("the old daemon is gone").doesNotExist();

        Outside.Ran stop = Artifacts.initScript(outside, root, "stop");
        assertThat(stop.code()).as(stop.err() + stop.out()).isZero();
        assertThat(stop.out()).contains("Stopping mediachange operator dialog daemon");
        assertThat(Path.of("/proc", newPid)).doesNotExist();
        assertThat(pidfile).doesNotExist();

        Outside.Ran stopped = Artifacts.initScript(outside, root, "status");
        assertThat(stopped.code()).isEqualTo(3);
        assertThat(stopped.out()).contains("mediachanged is not running");
    }

    @Test
    void startReportsADaemonThatStopsAtOnce(Outside outside) throws Exception {
        Path work = outside.work();
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        writeDefaults(root, "--port 0 --allow 10.0.0.0/40");
        Outside.Ran start = Artifacts.initScript(outside, root, "start");
        assertThat(start.code()).isEqualTo(1);
        assertThat(start.err()).contains("10.0.0.0/40");
        assertThat(root.resolve("run/mediachanged.pid")).doesNotExist();
        assertThat(Artifacts.initScript(outside, root, "status").code()).isEqualTo(3);
    }

    @Test
    void startOnADisplayThatDoesNotAnswerSaysSoAndStatusTellsIt(Outside outside) throws Exception {
        Path work = outside.work();
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        // As shipped (DISPLAY=:0) on a machine where no X server runs there: a display number
        // with no server (no socket; nothing listens on its TCP port either, as Xvfb runs -nolisten tcp).
        int number = 6000;
        while (Files.exists(Path.of("/tmp/.X11-unix/X" + number)) || Files.exists(Path.of("/tmp/.X" + number + "-lock"))) {
            number++;
        }
        writeDefaults(root, "--port 0 --allow 127.0.0.0/8", ":" + number);
        try {
            Outside.Ran start = Artifacts.initScript(outside, root, "start");
            assertThat(start.code()).as(start.err() + start.out()).isZero();
            assertThat(start.out()).contains("Starting mediachange operator dialog daemon");
            assertThat(start.err()).isEqualTo("mediachanged: waiting for the display DISPLAY=:" + number
                    + " (no X server answers); requests wait until it answers\n");

            Outside.Ran status = Artifacts.initScript(outside, root, "status");
            assertThat(status.code()).isZero();
            assertThat(status.out()).isEqualTo("mediachanged is running, waiting for the display DISPLAY=:" + number
                    + " (no X server answers)\n");
        } finally {
            assertThat(Artifacts.initScript(outside, root, "stop").code()).isZero();
        }
        // Running on a display that answers, status is the usual one (see the test above).
    }

    /**
     * Issue 14, item 5: a root-owned audit.log in the service's log directory (left by a run of
     * mediachanged as root). {@code --check-config}, run as the service's user, exits 2 naming
     * it; {@code start} gives it back and says so, and the service writes it; {@code status}
     * says so when it is root's again. The service's user is the system user {@code daemon}.
     */
    @Test
    void aRootOwnedAuditLogIsNamedByCheckConfigGivenBackByStartAndReportedByStatus(Outside outside)
            throws Exception {
        Path work = outside.work();
        assertThat(System.getProperty("user.name")).as("the test gives files to another user: it needs root")
                .isEqualTo("root");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        writeDefaults(root, "--port 0 --allow 127.0.0.0/8", System.getenv("DISPLAY"), USER);
        // As the package leaves them, owned by the service's user; then a run as root left audit.log behind.
        Path logs = Files.createDirectories(root.resolve("var/log/mediachange"));
        Path state = Files.createDirectories(root.resolve("var/lib/mediachange"));
        outside.runOk("chown", USER + ":", logs.toString(), state.toString());
        Path audit = Files.writeString(logs.resolve("audit.log"), "2026-11-26T05:41:04.434Z outcome=ok peer=127.0.0.1"
                + " port=56634 id=12 by=dialog host=\"localhost\" seconds=5.801 msg=\"as root\"\n", UTF_8);

        Outside.Ran check = outside.run(Map.of("LOGS_DIRECTORY", logs.toString(), "STATE_DIRECTORY",
                state.toString()), List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups",
                root.resolve("usr/bin/mediachanged").toString(), "--check-config"), 60);
        assertThat(check.code()).as(check.err() + check.out()).isEqualTo(2);
        assertThat(check.err()).isEqualTo("mediachanged: cannot write the audit log " + audit + " (owned by root,"
                + " mode rw-r--r--, while the daemon runs as " + USER + "); give it to the user the daemon runs as (the"
                + " service's start does) or choose another directory with -Dmediachange.logdir=DIR in"
                + " MEDIACHANGE_JAVA_OPTS\n");
        assertThat(check.out()).isEmpty();

        try {
            Outside.Ran start = Artifacts.initScript(outside, root, "start");
            assertThat(start.code()).as(start.err() + start.out()).isZero();
            assertThat(start.err()).isEqualTo("mediachanged: gave back to " + USER + ", so that the service can write"
                    + " them: " + audit + "\n");
            assertThat(Files.getOwner(audit).getName()).isEqualTo(USER);
            assertThat(Artifacts.initScript(outside, root, "status").err()).isEmpty();

            int port = Outside.lastListeningPort(Files.readString(logs.resolve("mediachanged.log"), UTF_8));
            try (Launched c = outside.start(List.of(root.resolve("usr/bin/mediachangec").toString(), "-p",
                    Integer.toString(port), "127.0.0.1", "written by the service"))) {
                outside.answer("Return");
                assertThat(c.exitCode(20)).isZero();
            }
            awaitContains(audit, "msg=\"written by the service\"");
            assertThat(state.resolve("state.json")).exists();
            assertThat(Files.getOwner(state.resolve("state.json")).getName()).isEqualTo(USER);

            // Root takes it again while the service runs: status says so.
            outside.runOk("chown", "root:", audit.toString());
            Outside.Ran status = Artifacts.initScript(outside, root, "status");
            assertThat(status.code()).isZero();
            assertThat(status.out()).contains("mediachanged is running");
            assertThat(status.err()).isEqualTo("mediachanged: " + USER + " cannot write " + audit + ": its audit lines"
                    + " or state are lost; 'service mediachanged restart' gives them back\n");
        } finally {
            assertThat(Artifacts.initScript(outside, root, "stop").code()).isZero();
        }
    }

    /**
     * Issue 14, item 5: mediachanged run as root in a terminal, on the service's directories,
     * leaves nothing there that the service cannot take over, and says so in one line.
     */
    @Test
    void aDaemonRunAsRootGivesWhatItWritesInTheServicesDirectoriesToTheService(Outside outside) throws Exception {
        Path work = outside.work();
        assertThat(System.getProperty("user.name")).as("the test runs the daemon as root").isEqualTo("root");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        Path logs = Files.createDirectories(root.resolve("var/log/mediachange"));
        Path state = Files.createDirectories(root.resolve("var/lib/mediachange"));
        outside.runOk("chown", USER + ":", logs.toString(), state.toString());
        Map<String, String> env = new HashMap<>();
        env.put("LOGS_DIRECTORY", logs.toString());
        env.put("STATE_DIRECTORY", state.toString());
        try (Outside.Daemon d = outside.daemon(root.resolve("usr/bin/mediachanged"), env, "--allow", "127.0.0.0/8")) {
            assertThat(d.process().stderr()).isEqualTo("mediachanged: running as root: what it writes in " + logs
                    + " and " + state + " is given to " + USER + ", who owns them, so that the service can go on"
                    + " writing it\n");
            try (Launched c = outside.start(List.of(root.resolve("usr/bin/mediachangec").toString(), "-p",
                    Integer.toString(d.port()), "127.0.0.1", "asked while root ran it"))) {
                outside.answer("Return");
                assertThat(c.exitCode(20)).isZero();
            }
            awaitContains(logs.resolve("audit.log"), "asked while root ran it");
        }
        for (Path f : List.of(logs.resolve("audit.log"), state.resolve("state.json"), state.resolve("state.lock"))) {
            assertThat(Files.getOwner(f).getName()).as(f.toString()).isEqualTo(USER);
        }
    }

    private static void awaitContains(Path file, String text) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(file, UTF_8).contains(text)) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(file + " lacks " + text + ": " + Files.readString(file, UTF_8));
            }
            Thread.sleep(20);
        }
    }

    private static void writeDefaults(Path root, String options) throws Exception {
        writeDefaults(root, options, System.getenv("DISPLAY"));
    }

    private static void writeDefaults(Path root, String options, String display) throws Exception {
        writeDefaults(root, options, display, "");
    }

    private static void writeDefaults(Path root, String options, String display, String user) throws Exception {
        Files.writeString(root.resolve("etc/default/mediachanged"), String.join("\n",
                "DISPLAY=" + display,
                "MEDIACHANGED_OPTS=\"" + options + "\"",
                "MEDIACHANGED_USER=" + user,
                // As for the ready-made notify commands: every variable here reaches the daemon, as
                // with systemd's EnvironmentFile=.
                "NTFY_TOKEN=tk_from_the_defaults",
                ""), UTF_8);
        Files.createDirectories(root.resolve("run"));
    }


}
