package org.mediachange.daemon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mediachange.daemon.state.FileOwners;
import org.mediachange.daemon.state.StateDirectory;

/**
 * The files the daemon must be able to write, whoever it runs as: the audit
 * log and the state directory. {@code --check-config} reports each one the
 * user it runs as cannot write ({@link #problems}); a daemon run as root gives
 * what it creates in the service's directories to the service's user
 * ({@link #givenBack}).
 */
final class ServiceFiles {

    private ServiceFiles() {
    }

    /**
     * One line for each of the audit log {@code auditLog} (if the logging writes one) and the
     * state directory {@code state} that this process cannot write, naming the file, its owner
     * and its mode; none when it can write both.
     */
    static List<String> problems(Optional<Path> auditLog, StateDirectory state) {
        List<String> problems = new ArrayList<>();
        auditLog.ifPresent(f -> {
            Path dir = f.getParent();
            if (Files.exists(f) ? !Files.isWritable(f) : !creatable(dir)) {
                problems.add("cannot write the audit log " + f + describe(Files.exists(f) ? f : dir)
                        + "; give it to the user the daemon runs as (the service's start does) or choose another"
                        + " directory with -Dmediachange.logdir=DIR in MEDIACHANGE_JAVA_OPTS");
            }
        });
        Path dir = state.path();
        Path file = state.file("state.json");
        if (Files.exists(dir) ? !Files.isDirectory(dir) || !Files.isWritable(dir) : !creatable(dir.getParent())) {
            problems.add("cannot write the state directory " + dir + describe(Files.exists(dir) ? dir : nearest(dir))
                    + "; give it to the user the daemon runs as (the service's start does) or choose another with"
                    + " --state-dir");
        } else if (Files.exists(file) && !Files.isReadable(file)) {
            problems.add("cannot read the state file " + file + describe(file)
                    + "; give it to the user the daemon runs as (the service's start does)");
        }
        return problems;
    }

    /**
     * When this daemon runs as root and the directory of the audit log {@code auditLog} or the
     * state directory {@code state} belongs to another user (the service's): gives the audit log
     * to that user (the state files it writes are given as they are written,
     * {@link FileOwners}), and says so in one line; empty otherwise.
     */
    static Optional<String> givenBack(Optional<Path> auditLog, StateDirectory state) {
        if (!FileOwners.runningAsRoot()) {
            return Optional.empty();
        }
        List<String> dirs = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (Path dir : auditLog.map(f -> List.of(f.getParent(), state.path())).orElse(List.of(state.path()))) {
            owner(dir).filter(o -> !o.equals("root")).ifPresent(o -> {
                dirs.add(dir.toString());
                if (!owners.contains(o)) {
                    owners.add(o);
                }
            });
        }
        if (dirs.isEmpty()) {
            return Optional.empty();
        }
        if (auditLog.isPresent() && Files.exists(auditLog.get())) {
            try {
                FileOwners.giveToDirectoryOwner(auditLog.get());
            } catch (IOException e) {
                return Optional.of("running as root, cannot give " + auditLog.get() + " to the owner of its"
                        + " directory (" + e.getMessage() + "): the service may not be able to write it");
            }
        }
        return Optional.of("running as root: what it writes in " + String.join(" and ", dirs) + " is given to "
                + String.join(" and ", owners) + ", who owns " + (dirs.size() > 1 ? "them" : "it")
                + ", so that the service can go on writing it");
    }

    /** " (owned by root, mode 0644)" for {@code p}, or "" if that cannot be read. */
    private static String describe(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            return " (owned by " + a.owner().getName() + ", mode " + PosixFilePermissions.toString(a.permissions())
                    + ", while the daemon runs as " + System.getProperty("user.name") + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static Optional<String> owner(Path p) {
        try {
            return Optional.of(Files.getOwner(p).getName());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether a directory {@code dir} exists and may be written, or could be made. */
    private static boolean creatable(Path dir) {
        Path existing = nearest(dir);
        return existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
    }

    private static Path nearest(Path p) {
        Path q = p;
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        return q;
    }
}
