package org.mediachange.daemon.dialog.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the dialog process through {@code setpriv --pdeathsig KILL}
 * (util-linux), so that the kernel kills it when the daemon dies, even by
 * SIGKILL and even while the dialog process is stopped and cannot see its
 * input end. Without it, a stopped dialog process outlives a killed daemon
 * whenever the daemon runs in a session of its own (systemd, start-stop-daemon,
 * setsid) or in its parent's process group: Linux sends SIGHUP and SIGCONT to
 * an orphaned process group only when the dying process linked it to a parent
 * in another group of the same session, as a shell with job control does.
 *
 * <p>The kernel sends the signal when the <em>thread</em> that started the
 * process ends, so the supervisor starts it from its own long-lived thread.
 * Where {@code setpriv} or its {@code --pdeathsig} (util-linux 2.33+) is
 * missing, the dialog process is started directly, and that is logged once.
 */
final class ParentDeathSignal {

    private static final Logger LOG = LoggerFactory.getLogger(ParentDeathSignal.class);
    private static List<String> prefix;

    private ParentDeathSignal() {
    }

    /** {@code command}, to be started so that it dies with this JVM. */
    static List<String> wrap(List<String> command) {
        List<String> all = new ArrayList<>(prefix());
        all.addAll(command);
        return all;
    }

    private static synchronized List<String> prefix() {
        if (prefix == null) {
            List<String> found = find();
            if (found == null) {
                return List.of(); // interrupted: the daemon is stopping; look again next time
            }
            prefix = found;
        }
        return prefix;
    }

    /** The setpriv prefix, an empty one (logged) without it, or null if interrupted. */
    private static List<String> find() {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/bin"));
        for (String dir : dirs) {
            Path setpriv = Path.of(dir.isEmpty() ? "." : dir, "setpriv");
            if (Files.isExecutable(setpriv) && works(setpriv)) {
                return List.of(setpriv.toString(), "--pdeathsig", "KILL", "--");
            }
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
        }
        LOG.warn("setpriv (util-linux 2.33 or later) not found: if the daemon is killed with SIGKILL while its"
                + " dialog process is stopped, that process will stay; other ends of the daemon end it too");
        return List.of();
    }

    /** Whether this setpriv knows {@code --pdeathsig}: runs {@code setpriv --pdeathsig KILL -- setpriv --version}. */
    private static boolean works(Path setpriv) {
        try {
            Process p = new ProcessBuilder(setpriv.toString(), "--pdeathsig", "KILL", "--", setpriv.toString(),
                    "--version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
