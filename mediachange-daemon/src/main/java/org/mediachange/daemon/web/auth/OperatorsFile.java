package org.mediachange.daemon.web.auth;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mediachange.common.files.PrivateFiles;
import org.mediachange.common.text.Escaper;

/**
 * The operators file: one line {@code NAME:HASH} per operator, HASH in
 * {@link PasswordHash}'s (Django's) format; blank lines and lines starting with
 * {@code #} are ignored. Read only when group and others cannot read it, like
 * the key file. Written atomically (a new file renamed over the old one, with
 * the old one's owner and mode 0600), keeping every other line as it was.
 */
public final class OperatorsFile {

    /** Where the daemon looks by default. */
    public static final String DEFAULT = "/etc/mediachange/operators";
    /** What an operator name may look like: it is shown in pages and written to the audit log. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final String WHAT = "operators file";

    private OperatorsFile() {
    }

    /** One operator. */
    public record Entry(String name, PasswordHash hash) {
    }

    /**
     * Reads {@code file}, refusing it when group or others may read it.
     *
     * @return the operators by name, in file order
     * @throws OperatorsFileException naming the file, and the line of a malformed entry
     */
    public static Map<String, Entry> read(Path file) throws OperatorsFileException {
        String problem = PrivateFiles.problem(file, WHAT).orElse(null);
        if (problem != null) {
            throw new OperatorsFileException(problem);
        }
        List<String> lines = readLines(file);
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1) + ": ";
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            if (colon < 0 || !NAME.matcher(name).matches()) {
                throw new OperatorsFileException(where + "expected NAME:pbkdf2_sha256$ITERATIONS$SALT$HASH"
                        + " with a NAME of letters, digits and . _ @ -");
            }
            PasswordHash hash = PasswordHash.parse(line.substring(colon + 1)).orElseThrow(() ->
                    new OperatorsFileException(where + "the password of '" + name + "' is not a valid"
                            + " pbkdf2_sha256$ITERATIONS$SALT$HASH (iterations 1-" + PasswordHash.MAX_ITERATIONS
                            + ", a 32-byte base64 hash)"));
            if (entries.putIfAbsent(name, new Entry(name, hash)) != null) {
                throw new OperatorsFileException(where + "operator '" + name + "' is listed twice");
            }
        }
        return entries;
    }

    /**
     * Sets the password of {@code name} to {@code hash}: replaces its line, or
     * adds one (creating the file, mode 0600, if there is none).
     *
     * @return true if the operator was added, false if an existing one's password changed
     */
    public static boolean setPassword(Path file, String name, PasswordHash hash) throws OperatorsFileException {
        if (!NAME.matcher(name).matches()) {
            throw new OperatorsFileException("'" + Escaper.forDisplay(name) + "' is not a valid operator name:"
                    + " use 1-64 letters, digits and . _ @ - (starting with a letter or digit)");
        }
        boolean exists = Files.exists(file);
        if (exists) {
            read(file); // refuses an open or malformed file rather than silently rewriting it
        }
        List<String> lines = exists ? new ArrayList<>(readLines(file)) : new ArrayList<>();
        String entry = name + ":" + hash.format();
        boolean added = true;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith(name + ":")) {
                lines.set(i, entry);
                added = false;
            }
        }
        if (added) {
            lines.add(entry);
        }
        write(file, lines, exists);
        return added;
    }

    private static List<String> readLines(Path file) throws OperatorsFileException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new OperatorsFileException(WHAT + " " + file + " is not valid UTF-8");
        } catch (NoSuchFileException e) {
            throw new OperatorsFileException(WHAT + " " + file + " does not exist");
        } catch (IOException e) {
            throw new OperatorsFileException("cannot read " + WHAT + " " + file + ": " + e.getMessage());
        }
    }

    private static void write(Path file, List<String> lines, boolean exists) throws OperatorsFileException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, ".operators", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            if (exists) {
                keepOwner(file, tmp);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new OperatorsFileException("cannot write " + WHAT + " " + file + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the temporary file stays behind; the error above says what went wrong
                }
            }
        }
    }

    /** The new file keeps the old one's owner and group (root editing the daemon user's file), where allowed. */
    private static void keepOwner(Path file, Path tmp) {
        try {
            PosixFileAttributes old = Files.readAttributes(file, PosixFileAttributes.class);
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            view.setGroup(old.group());
            view.setOwner(old.owner());
        } catch (IOException | UnsupportedOperationException e) {
            // not root, or no POSIX file system: the file belongs to whoever runs the command
        }
    }
}
