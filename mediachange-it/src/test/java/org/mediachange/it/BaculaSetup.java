package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * What the Bacula tests share: the .debs unpacked as they would land under /
 * (the hook {@code /usr/share/mediachange/hooks/bacula-operator} and its
 * {@code /etc/mediachange/bacula-operator.conf}), a headless console, and a real
 * Bacula whose Messages resource runs that hook as its Operator Command. The
 * console's address reaches the hook through the Director's environment (as
 * {@code /etc/default/bacula-dir} gives it on Debian); the rest of the hook's
 * settings come from its configuration file, with {@code extraSettings}.
 * Closing it stops Bacula, the hook's detached workers and the console.
 */
final class BaculaSetup implements AutoCloseable {

    final Outside outside;
    final HeadlessConsole console;
    final Bacula bacula;
    /** The hook's log file (BACULA_OPERATOR_LOG). */
    final Path hookLog;
    private final Path hookState;

    private BaculaSetup(Outside outside, HeadlessConsole console, Bacula bacula, Path hookLog, Path hookState) {
        this.outside = outside;
        this.console = console;
        this.bacula = bacula;
        this.hookLog = hookLog;
        this.hookState = hookState;
    }

    static BaculaSetup start(Path work, String extraSettings) throws Exception {
        Outside outside = new Outside(work);
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        Path hookDir = Files.createDirectory(work.resolve("hook"));
        Path hookLog = hookDir.resolve("operator.log");
        Path hookState = hookDir.resolve("state");
        Bacula.giveToDirector(outside, hookDir);
        HeadlessConsole console = HeadlessConsole.start(outside);
        Path base = work.resolve("bacula");
        Files.createDirectory(base);
        Files.writeString(root.resolve("etc/mediachange/bacula-operator.conf"),
                "BCONSOLE=bconsole -c " + base.resolve("bconsole.conf") + "\n"
                        + "BACULA_OPERATOR_LOG=" + hookLog + "\n"
                        + "BACULA_OPERATOR_STATE=" + hookState + "\n" + extraSettings,
                UTF_8, StandardOpenOption.APPEND);
        Bacula bacula;
        try {
            bacula = Bacula.start(outside, base, root.resolve("usr/share/mediachange/hooks/bacula-operator"),
                    Map.of("MEDIACHANGE_HOST", "127.0.0.1", "MEDIACHANGEC_OPTS", "--port " + console.port()));
        } catch (Exception | AssertionError e) {
            console.close();
            throw e;
        }
        return new BaculaSetup(outside, console, bacula, hookLog, hookState);
    }

    /** A job waiting for a volume, and its request on the console. */
    record Waiting(long job, long request, String message) {
    }

    /**
     * Labels {@code volume} in {@code pool} on storage {@code drive}, takes it out of the drive
     * and runs {@code job}, which then waits for it; returns once its request is on the console.
     */
    Waiting jobWaitingFor(int drive, String volume, String pool, String job) throws Exception {
        bacula.labelAndTakeOut(drive, volume, pool);
        return waiting(bacula.run(job));
    }

    /** Waits (at most 60 s) for the request of a job that waits; the job and its request. */
    Waiting waiting(long job) throws Exception {
        com.google.gson.JsonObject r = console.awaitPending("(JobId " + job + ")", 60);
        return new Waiting(job, r.get("id").getAsLong(), r.get("message").getAsString());
    }

    /** The hook's log lines so far. */
    String hookLog() throws Exception {
        return Files.exists(hookLog) ? Files.readString(hookLog, UTF_8) : "";
    }

    @Override
    public void close() throws Exception {
        try {
            bacula.close();
        } finally {
            // The hook's workers run detached from the Director; the ones still waiting
            // (and their clients) are found by the state directory on their command line.
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(hookState.toString())).orElse(false))
                    .forEach(p -> {
                        p.descendants().forEach(ProcessHandle::destroy);
                        p.destroy();
                    });
            console.close();
        }
    }
}
