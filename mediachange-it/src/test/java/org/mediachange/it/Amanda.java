package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A real Amanda 3.5 (Debian's amanda-server and amanda-client) for one test,
 * with virtual tapes in a {@code chg-disk} changer. Amanda insists on running
 * as its {@code backup} user with its configuration in {@code /etc/amanda/NAME}
 * and its state in {@code /var/lib/amanda} and {@code /var/log/amanda}; so each
 * command runs in a private mount namespace ({@code unshare --mount}) where
 * those three directories are bind mounts of directories of the test, and
 * where {@code /usr/share} is overlaid with the unpacked .debs' (so the
 * interactivity module, its link in Perl's path and the hooks are where the
 * package installs them), then as {@code backup} through {@code runuser}.
 * Nothing changes outside the test's directory. Needs root (CI runs as root).
 *
 * <p>Configuration {@value #CONFIG} (labels MC-nn) has an empty slot 1 and, in
 * slot 2, the volume OTHER-01 of another configuration: a wrong volume. Its
 * own labelled volume MC-01 waits outside the changer ({@link #putVolumeIn()}).
 */
final class Amanda implements AutoCloseable {

    static final String CONFIG = "mctest";
    private static final String OTHER = "other";

    private final Outside outside;
    private final Path base;
    private final Path namespace;
    private final List<Launched> started = new ArrayList<>();

    private Amanda(Outside outside, Path base, Path namespace) {
        this.outside = outside;
        this.base = base;
        this.namespace = namespace;
    }

    /**
     * Sets up both configurations in {@code base} with the .debs unpacked in {@code debRoot}, the
     * interactivity module asking the console on 127.0.0.1:{@code consolePort}, and the volumes.
     */
    static Amanda create(Outside outside, Path base, Path debRoot, int consolePort) throws Exception {
        for (String d : List.of("etc", "lib/gnutar-lists", "log", "hold", "source", "spare")) {
            Files.createDirectories(base.resolve(d));
        }
        byte[] data = new byte[300_000];
        new Random(10080).nextBytes(data);
        Files.write(base.resolve("source/data.bin"), data);
        String template;
        try (InputStream in = Amanda.class.getResourceAsStream("amanda/amanda.conf")) {
            template = new String(in.readAllBytes(), UTF_8);
        }
        for (String[] c : new String[][] {{CONFIG, "MC"}, {OTHER, "OTHER"}}) {
            Path etc = Files.createDirectories(base.resolve("etc").resolve(c[0]));
            Files.writeString(etc.resolve("amanda.conf"), template.replace("@BASE@", base.toString())
                    .replace("@CONFIG@", c[0]).replace("@LABEL@", c[1])
                    .replace("@PORT@", Integer.toString(consolePort)), UTF_8);
            Files.writeString(etc.resolve("disklist"), "localhost " + base.resolve("source") + " local-tar\n", UTF_8);
            Files.createDirectories(base.resolve("lib").resolve(c[0]).resolve("curinfo"));
            Files.createDirectories(base.resolve("lib").resolve(c[0]).resolve("index"));
            Files.createDirectories(base.resolve("log").resolve(c[0]));
            for (int slot = 1; slot <= 2; slot++) {
                Files.createDirectories(base.resolve(c[0] + "-tapes/slot" + slot));
            }
        }
        Path namespace = base.resolve("in-namespace.sh");
        Files.writeString(namespace, "#!/bin/sh\n"
                + "# Amanda's directories and the unpacked .debs in place, in this mount namespace only.\n"
                + "set -e\n"
                + "mount --bind '" + base.resolve("etc") + "' /etc/amanda\n"
                + "mount --bind '" + base.resolve("lib") + "' /var/lib/amanda\n"
                + "mount --bind '" + base.resolve("log") + "' /var/log/amanda\n"
                + "mount -t overlay overlay -o 'lowerdir=" + debRoot.resolve("usr/share") + ":/usr/share' /usr/share\n"
                + "exec runuser -u backup -- \"$@\"\n", UTF_8);
        // backup must reach its files: JUnit makes the test's directory 0700.
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        for (Path p = base.getParent(); p != null && p.startsWith(tmp) && !p.equals(tmp); p = p.getParent()) {
            outside.runOk("chmod", "go+x", p.toString());
        }
        outside.runOk("chown", "-R", "backup:backup", base.toString());
        Amanda amanda = new Amanda(outside, base, namespace);
        amanda.labelVolumes();
        return amanda;
    }

    private void labelVolumes() throws Exception {
        for (String[] l : new String[][] {{CONFIG, "MC-01"}, {OTHER, "OTHER-01"}}) {
            Outside.Ran r = run(120, "amlabel", l[0], l[1], "slot", "1");
            if (r.code() != 0) {
                throw new AssertionError("amlabel " + l[0] + " " + l[1] + ": " + r.out() + r.err());
            }
        }
        moveVolume(base.resolve(CONFIG + "-tapes/slot1"), base.resolve("spare"));
        moveVolume(base.resolve(OTHER + "-tapes/slot1"), base.resolve(CONFIG + "-tapes/slot2"));
    }

    private static void moveVolume(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.move(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** The operator puts MC-01 into slot 1. */
    void putVolumeIn() throws IOException {
        moveVolume(base.resolve("spare"), base.resolve(CONFIG + "-tapes/slot1"));
    }

    /** The files of the volume in slot {@code n}. */
    List<String> slot(int n) throws IOException {
        try (Stream<Path> files = Files.list(base.resolve(CONFIG + "-tapes/slot" + n))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Amanda's log files (what each of its programs did), the old ones (oldlog/) first. */
    String log() throws IOException {
        Path dir = base.resolve("log").resolve(CONFIG);
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> old = Files.list(dir.resolve("oldlog")); Stream<Path> now = Files.list(dir)) {
            for (Path p : Stream.concat(old.sorted(), now.sorted()).toList()) {
                if (p.getFileName().toString().startsWith("log.") && Files.isRegularFile(p)) {
                    sb.append(Files.readString(p, UTF_8));
                }
            }
        }
        return sb.toString();
    }

    /** Starts {@code command} as backup in Amanda's namespace. */
    Launched start(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh",
                namespace.toString()));
        cmd.addAll(List.of(command));
        Launched l = outside.start(Map.of("PATH", Artifacts.sbinPath()), cmd);
        started.add(l);
        return l;
    }

    /** Runs {@code command} as {@link #start} does, to its end (at most {@code seconds}). */
    Outside.Ran run(long seconds, String... command) throws Exception {
        try (Launched l = start(command)) {
            int code = l.exitCode(seconds);
            return new Outside.Ran(code, l.stdout(), l.stderr());
        }
    }

    @Override
    public void close() throws Exception {
        for (Launched l : started) {
            l.process().descendants().forEach(ProcessHandle::destroy);
            l.close();
        }
    }
}
