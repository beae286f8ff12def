package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Bacula (Debian's bacula-director, bacula-sd, bacula-fd, bconsole) on
 * 127.0.0.1 for one test: private configuration files (test resources
 * {@code bacula/*.conf}) and an sqlite3 catalog made from Debian's own table
 * definitions, all in one directory; the three daemons in the foreground on
 * free ports, stopped on {@link #close()}. As root, the Director runs as the
 * {@code bacula} user, as Debian's service does, so that its Operator Command
 * runs as that user too.
 *
 * <p>Storages: {@code Drive1} (a removable File device, volumes in
 * {@link #drive(int) drive(1)}) and {@code Drive2} (a one-drive virtual
 * autochanger, {@code drive(2)}); jobs {@code job1} (Drive1, pool Pool1),
 * {@code job2} (Drive2, Pool2) and {@code jobnew} (Drive1, pool Empty, which
 * has no volumes).
 */
final class Bacula implements AutoCloseable {

    /** Debian's dbconfig-common script that makes the sqlite3 catalog's tables. */
    static final Path CATALOG_TABLES = Path.of("/usr/share/dbconfig-common/data/bacula-director-sqlite3/install/sqlite3");
    /** The user Debian's Director runs as. */
    static final String DIRECTOR_USER = "bacula";
    private static final Pattern QUEUED = Pattern.compile("Job queued\\. JobId=(\\d+)");
    private static final Pattern JOB_STATUS = Pattern.compile("(?m)^\\s*JobStatus: (\\S)");

    private final Outside outside;
    private final Path base;
    private final List<Launched> daemons = new ArrayList<>();
    private Launched director;

    private Bacula(Outside outside, Path base) {
        this.outside = outside;
        this.base = base;
    }

    /**
     * Writes the configuration into {@code base} (made readable for the Director's user) with
     * {@code hook} as the Operator Command, makes the catalog, and starts the storage, file and
     * director daemons; {@code directorEnv} is the Director's environment besides PATH, as
     * /etc/default/bacula-dir gives it on Debian.
     */
    static Bacula start(Outside outside, Path base, Path hook, Map<String, String> directorEnv) throws Exception {
        Bacula b = new Bacula(outside, base);
        b.configure(hook);
        b.startDaemons(directorEnv);
        return b;
    }

    private void configure(Path hook) throws Exception {
        for (String d : List.of("dir", "sd", "fd", "drive1", "drive2", "source", "spare", "home")) {
            Files.createDirectories(base.resolve(d));
        }
        byte[] data = new byte[200_000];
        new Random(9101).nextBytes(data);
        Files.write(base.resolve("source/data.bin"), data);
        Files.writeString(base.resolve("source/notes.txt"), "Bacula test data\n", UTF_8);
        int dirPort = Outside.freePort();
        int sdPort = Outside.freePort();
        int fdPort = Outside.freePort();
        for (String name : List.of("bacula-dir.conf", "bacula-sd.conf", "bacula-fd.conf", "bconsole.conf")) {
            String text;
            try (InputStream in = Bacula.class.getResourceAsStream("bacula/" + name)) {
                text = new String(in.readAllBytes(), UTF_8);
            }
            text = text.replace("@BASE@", base.toString()).replace("@HOOK@", hook.toString())
                    .replace("@DIR_PORT@", Integer.toString(dirPort)).replace("@SD_PORT@", Integer.toString(sdPort))
                    .replace("@FD_PORT@", Integer.toString(fdPort));
            Files.writeString(base.resolve(name), text, UTF_8);
        }
        // The catalog as Debian's dbconfig-common makes it: sqlite3 fed the package's table script.
        Outside.Ran catalog = outside.run(Map.of(), List.of("sh", "-c", "exec sqlite3 \"$1\" < \"$2\"", "sh",
                base.resolve("dir/bacula.db").toString(), CATALOG_TABLES.toString()), 60);
        if (catalog.code() != 0) {
            throw new AssertionError("sqlite3 catalog: " + catalog.err());
        }
        if (runsAsRoot()) {
            // The Director's user reads the configuration (and runs the hook under the test's
            // directory, which JUnit makes 0700), and works in dir/ and home/.
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            for (Path p = base.getParent(); p != null && p.startsWith(tmp) && !p.equals(tmp); p = p.getParent()) {
                outside.runOk("chmod", "go+x", p.toString());
            }
            outside.runOk("chmod", "-R", "go+rX", base.toString());
            outside.runOk("chown", "-R", DIRECTOR_USER + ":" + DIRECTOR_USER, base.resolve("dir").toString(),
                    base.resolve("home").toString());
        }
    }

    private void startDaemons(Map<String, String> directorEnv) throws Exception {
        String path = Artifacts.sbinPath();
        daemons.add(outside.start(Map.of("PATH", path), List.of("bacula-sd", "-f", "-c", conf("bacula-sd.conf"))));
        daemons.add(outside.start(Map.of("PATH", path), List.of("bacula-fd", "-f", "-c", conf("bacula-fd.conf"))));
        List<String> cmd = new ArrayList<>(List.of("bacula-dir", "-f", "-c", conf("bacula-dir.conf")));
        if (runsAsRoot()) {
            cmd.addAll(List.of("-u", DIRECTOR_USER, "-g", DIRECTOR_USER));
        }
        Map<String, String> env = new java.util.HashMap<>(directorEnv);
        env.put("PATH", path);
        env.put("HOME", base.resolve("home").toString());
        env.put("XDG_RUNTIME_DIR", null);
        env.put("DISPLAY", null);
        director = outside.start(env, cmd);
        daemons.add(director);
        for (String name : List.of("bacula-sd.conf", "bacula-fd.conf", "bacula-dir.conf")) {
            awaitListening(port(name), name);
        }
    }

    private int port(String confName) throws IOException {
        Matcher m = Pattern.compile("(?i)(?:SD|FD|DIR)port = (\\d+)").matcher(Files.readString(base.resolve(confName)));
        if (!m.find()) {
            throw new AssertionError("no port in " + confName);
        }
        return Integer.parseInt(m.group(1));
    }

    private void awaitListening(int port, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                for (Launched d : daemons) {
                    if (!d.process().isAlive()) {
                        throw new AssertionError("a Bacula daemon exited: " + d.stdout() + d.stderr());
                    }
                }
                if (System.nanoTime() - end > 0) {
                    throw new AssertionError(what + " does not listen on " + port);
                }
                Thread.sleep(100);
            }
        }
    }

    private String conf(String name) {
        return base.resolve(name).toString();
    }

    static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The directory of storage {@code n} (1 or 2): where its volumes are, as files. */
    Path drive(int n) {
        return base.resolve("drive" + n);
    }

    /** What the jobs back up. */
    Path source() {
        return base.resolve("source");
    }

    /** Where the restore job writes (under it, the source's absolute path). */
    Path restored() {
        return base.resolve("restored");
    }

    /** Where the tests keep volumes that are "not in the drive". */
    Path spare() {
        return base.resolve("spare");
    }

    /** The bconsole.conf for the hook's BCONSOLE. */
    Path consoleConf() {
        return base.resolve("bconsole.conf");
    }

    /** The Director process (its stdout has any "Message delivery ERROR"). */
    Launched director() {
        return director;
    }

    /** The Director's append file: the messages of every job. */
    String log() throws IOException {
        Path log = base.resolve("dir/bacula.log");
        return Files.exists(log) ? Files.readString(log, UTF_8) : "";
    }

    /** Runs {@code commands} through bconsole (at most 60 s); its output. */
    String console(String... commands) throws Exception {
        Path input = Files.createTempFile(base, "bconsole", ".txt");
        Files.writeString(input, String.join("\n", commands) + "\n", UTF_8);
        Path output = Files.createTempFile(base, "bconsole", ".out");
        Process p = new ProcessBuilder("bconsole", "-c", conf("bconsole.conf")).redirectInput(input.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bconsole hangs: " + Files.readString(output, UTF_8));
        }
        return Files.readString(output, UTF_8);
    }

    /** Labels {@code volume} in {@code pool} on {@code storage} (Drive1 or Drive2). */
    void label(String storage, String volume, String pool) throws Exception {
        String out = console("label storage=" + storage + " volume=" + volume + " pool=" + pool + " slot=0 drive=0");
        if (!out.contains("3000 OK label")) {
            throw new AssertionError("label " + volume + ": " + out);
        }
    }

    /**
     * Labels {@code volume} on storage {@code n}, unmounts the drive and moves the volume's file
     * aside: a job will then ask for it.
     */
    void labelAndTakeOut(int n, String volume, String pool) throws Exception {
        label("Drive" + n, volume, pool);
        console("unmount storage=Drive" + n + " drive=0");
        Files.move(drive(n).resolve(volume), spare().resolve(volume));
    }

    /** The operator puts {@code volume} back into storage {@code n}. */
    void putBack(int n, String volume) throws IOException {
        Files.move(spare().resolve(volume), drive(n).resolve(volume));
    }

    /** Starts {@code job}; its JobId. */
    long run(String job) throws Exception {
        String out = console("run job=" + job + " yes");
        Matcher m = QUEUED.matcher(out);
        if (!m.find()) {
            throw new AssertionError("run job=" + job + ": " + out);
        }
        return Long.parseLong(m.group(1));
    }

    /** Starts a restore of everything {@code backupJobId} saved; the restore's JobId. */
    long restore(long backupJobId) throws Exception {
        String out = console("restore jobid=" + backupJobId + " client=it-fd all done yes");
        Matcher m = QUEUED.matcher(out);
        if (!m.find()) {
            throw new AssertionError("restore jobid=" + backupJobId + ": " + out);
        }
        return Long.parseLong(m.group(1));
    }

    /** The job's status letter in the catalog (R running, T OK, A cancelled, E/f error). */
    String jobStatus(long jobId) throws Exception {
        Matcher m = JOB_STATUS.matcher(console("llist jobid=" + jobId));
        return m.find() ? m.group(1) : "?";
    }

    /** Waits up to {@code seconds} for the job to end; its final status letter. */
    String awaitEnd(long jobId, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String status = jobStatus(jobId);
            if (!List.of("R", "C", "?").contains(status)) {
                return status;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("job " + jobId + " still " + status + " after " + seconds + " s: "
                        + console("status dir"));
            }
            Thread.sleep(500);
        }
    }

    /** The Director's status letter for a running job ("M": waiting for a mount), or "" if not running. */
    String runningStatus(long jobId) throws Exception {
        Matcher m = Pattern.compile("(?s)jobid=" + jobId + "\n.*?status=(\\S)")
                .matcher(console(".api 2", ".status dir running"));
        return m.find() ? m.group(1) : "";
    }

    /** The Director's child processes now (a finished hook not reaped would be one). */
    List<ProcessHandle> directorChildren() {
        return director.process().children().toList();
    }

    @Override
    public void close() throws Exception {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).close();
        }
    }

    /** Gives {@code path} (a directory, recursively) to the Director's user when running as root. */
    static void giveToDirector(Outside outside, Path path) throws Exception {
        if (runsAsRoot()) {
            outside.runOk("chown", "-R", DIRECTOR_USER + ":" + DIRECTOR_USER, path.toString());
        }
    }
}
