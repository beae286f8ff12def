package org.mediachange.daemon.web.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mediachange.daemon.web.log.WebLog;

/**
 * The operators file as the running daemon sees it: read at start, and again
 * whenever it changes, so that adding an operator or changing a password needs
 * no restart. A file that turns bad (opened to others, malformed) lets nobody
 * in until it is fixed, rather than keeping an operator who was meant to go.
 */
public final class Operators {

    private static final WebLog LOG = WebLog.of(Operators.class);

    private final Path file;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private Map<String, OperatorsFile.Entry> entries;
    /** What the file looked like when read; guarded by {@link #lock}. */
    private Object stamp;
    /** Guarded by {@link #lock}. */
    private String lastProblem;

    private Operators(Path file, Map<String, OperatorsFile.Entry> entries, Object stamp) {
        this.file = file;
        this.entries = entries;
        this.stamp = stamp;
    }

    /**
     * Reads {@code file}.
     *
     * @throws OperatorsFileException when it is missing, open to others or malformed
     */
    public static Operators load(Path file) throws OperatorsFileException {
        Object stamp = stamp(file);
        return new Operators(file, OperatorsFile.read(file), stamp);
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** How many operators there are now. */
    public int count() {
        synchronized (lock) {
            refresh();
            return entries.size();
        }
    }

    /** The iteration count of each operator's hash, as the file says now (for decoys: {@link Decoys}). */
    public java.util.List<Integer> iterations() {
        synchronized (lock) {
            refresh();
            return entries.values().stream().map(e -> e.hash().iterations()).toList();
        }
    }

    /** The operator called {@code name}, as the file says now. */
    public Optional<OperatorsFile.Entry> find(String name) {
        synchronized (lock) {
            refresh();
            return Optional.ofNullable(entries.get(name));
        }
    }

    private void refresh() {
        Object now = stamp(file);
        if (Objects.equals(now, stamp)) {
            return;
        }
        stamp = now;
        try {
            entries = OperatorsFile.read(file);
            lastProblem = null;
            LOG.info("web console: operators file {} read again: {} operator(s)", file, entries.size());
        } catch (OperatorsFileException e) {
            entries = Map.of();
            if (!e.getMessage().equals(lastProblem)) {
                LOG.error("web console: nobody can log in until this is fixed: {}",
                        e.getMessage());
            }
            lastProblem = e.getMessage();
        }
    }

    /** Size, modification time and file identity: changes with every rewrite (even within one second). */
    private static Object stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return java.util.List.of(a.size(), a.lastModifiedTime(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return "missing";
        }
    }
}
