package org.mediachange.daemon.dialog.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class data sharing archive of the dialog process: the classes a dialog
 * loads (AWT, Swing, fonts and ours, some 2,300), mapped from one file
 * instead of found, read and verified one by one, which makes the dialog
 * process start much faster (docs/PERFORMANCE.md). Made from what a real
 * dialog process loaded, like the client's archive from a real run: the
 * first dialog process records its class list ({@code -XX:DumpLoadedClassList});
 * once it has ended cleanly, a background run of {@code java -Xshare:dump}
 * turns the list into the archive, which every later dialog process maps.
 *
 * <p>One archive per JVM, JVM options and jars, named after a hash of them
 * (an upgrade gets a new one; files of other hashes are removed), in
 * {@code $CACHE_DIRECTORY/cds} (systemd's {@code CacheDirectory=}), else
 * {@code $XDG_CACHE_HOME/mediachange/cds} or {@code ~/.cache/mediachange/cds}
 * (for the packages' user, {@code /var/lib/mediachange/.cache}). The JVM
 * checks the archive again and runs without it if it does not fit
 * ({@code -Xshare:auto}); an archive that another user could have written is
 * never used. Without a usable directory, dialog processes simply start
 * without one.
 */
final class DialogClassArchive {

    private static final Logger LOG = LoggerFactory.getLogger(DialogClassArchive.class);

    /** File names start with this. */
    static final String PREFIX = "dialog-";
    /** How long a dump may take before it is given up (it takes a few seconds). */
    private static final long DUMP_SECONDS = 300;

    private final Path dir;
    private final Path archive;
    private final Path classList;
    /** The JVM and its options, then {@code -cp CLASSPATH}: what the dump runs with. */
    private final List<String> java;
    private final List<String> classPath;
    /** Where the running dialog process records its class list, or null. */
    private Path recording;
    private boolean dumping;
    private boolean refusedLogged;

    private DialogClassArchive(Path dir, String key, List<String> java, List<String> classPath) {
        this.dir = dir;
        this.archive = dir.resolve(PREFIX + key + ".jsa");
        this.classList = dir.resolve(PREFIX + key + ".classlist");
        this.java = List.copyOf(java);
        this.classPath = List.copyOf(classPath);
    }

    /**
     * The archive for dialog processes run by {@code java} (the JVM and its options) with
     * {@code classPath} ({@code -cp} and the path), in the cache directory that {@code env} and
     * {@code props} name; empty if there is no such directory. Starts making the archive at once
     * if an earlier daemon recorded a class list but did not get to dump it.
     */
    static Optional<DialogClassArchive> open(List<String> java, List<String> classPath, Map<String, String> env,
            Properties props) {
        Path dir = cacheDirectory(env, props).resolve("cds");
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("no class data sharing archive for the dialog process: cannot use {} ({})", dir, e.toString());
            return Optional.empty();
        }
        DialogClassArchive a = new DialogClassArchive(dir, key(java, classPath), java, classPath);
        a.removeOthers();
        synchronized (a) {
            if (!Files.exists(a.archive) && Files.isRegularFile(a.classList)) {
                a.startDump();
            }
        }
        return Optional.of(a);
    }

    /** {@code $CACHE_DIRECTORY}, else {@code $XDG_CACHE_HOME/mediachange}, else {@code ~/.cache/mediachange}. */
    static Path cacheDirectory(Map<String, String> env, Properties props) {
        String systemd = env.get("CACHE_DIRECTORY");
        if (systemd != null && !systemd.isBlank()) {
            return Path.of(systemd.split(":", -1)[0]);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(props.getProperty("user.home"), ".cache");
        return base.resolve("mediachange");
    }

    /**
     * A hash of what the archive depends on: the JVM and its options, and each jar's path,
     * size and modification time (an archive is valid only for the jars it was made from).
     */
    static String key(List<String> java, List<String> classPath) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<String> parts = new ArrayList<>(java);
            parts.add(System.getProperty("java.vm.version", ""));
            for (String entry : classPath.get(classPath.size() - 1).split(File.pathSeparator)) {
                Path jar = Path.of(entry);
                try {
                    parts.add(jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar));
                } catch (IOException e) {
                    parts.add(jar.toAbsolutePath() + " missing");
                }
            }
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** The archive file. */
    Path archive() {
        return archive;
    }

    /**
     * JVM options for the next dialog process: map the archive if there is a usable one;
     * else record the class list, unless one is recorded or dumped already.
     */
    synchronized List<String> options() {
        if (Files.isRegularFile(archive)) {
            Optional<String> problem = PrivateFiles.problem(archive, "class data sharing archive");
            if (problem.isEmpty()) {
                return List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off",
                        "-Xlog:cds+dynamic=off");
            }
            if (!refusedLogged) {
                refusedLogged = true;
                LOG.warn("not using {}", problem.get());
            }
            return List.of();
        }
        if (dumping || recording != null) {
            return List.of();
        }
        recording = dir.resolve(PREFIX + "recording-" + ProcessHandle.current().pid() + ".classlist");
        return List.of("-XX:DumpLoadedClassList=" + recording);
    }

    /** The dialog process ended: a class list it recorded in a clean run becomes the archive. */
    synchronized void ended(boolean clean) {
        Path recorded = recording;
        recording = null;
        if (recorded == null) {
            return;
        }
        try {
            if (clean && Files.size(recorded) > 0) {
                Files.move(recorded, classList, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                startDump();
            } else {
                Files.deleteIfExists(recorded);
            }
        } catch (IOException e) {
            LOG.info("cannot keep the class list of the dialog process: {}", e.toString());
        }
    }

    /** Runs {@code java -Xshare:dump} in the background (under this object's lock). */
    private void startDump() {
        dumping = true;
        DaemonThreads.start("mediachanged-class-archive", this::dump);
    }

    private void dump() {
        Path tmp = dir.resolve(PREFIX + "dumping-" + ProcessHandle.current().pid() + ".jsa");
        List<String> cmd = new ArrayList<>(java);
        cmd.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + tmp,
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        cmd.addAll(classPath);
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect
                    .DISCARD).start();
            if (!p.waitFor(DUMP_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.info("making the class data sharing archive of the dialog process took too long; given up");
            } else if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                LOG.info("making the class data sharing archive of the dialog process failed (exit code {})",
                        p.exitValue());
            } else {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--------"));
                Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("made the class data sharing archive of the dialog process in {} ms: {}",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), archive);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("cannot make the class data sharing archive of the dialog process: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", tmp, e.toString());
            }
            synchronized (this) {
                dumping = false;
            }
        }
    }

    /** Removes the files of other archives (other jars, JVMs or options) and of runs that were cut short. */
    private void removeOthers() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path f : files) {
                if (!f.equals(archive) && !f.equals(classList)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot tidy {}: {}", dir, e.toString());
        }
    }
}
