package org.mediachange.common.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The check every secret file gets before it is read (the shared key, the web
 * console's operators file and TLS password file, mediachangec's password
 * file): the rule ssh applies to private keys and sshd to
 * {@code authorized_keys}. Another local user must be able neither to read or
 * change the file nor to put one of their own in its place. So the file may
 * have no permission bit for group or others, and no directory above it may
 * be writable by group or others, unless that directory has the sticky bit
 * (as {@code /tmp} has), which stops others renaming or deleting what they do
 * not own. Both the path as given and the file's real path (symbolic links
 * resolved) are checked, since replacing a link replaces the file too. One
 * place, so every secret file is refused the same way and with the same advice.
 */
public final class PrivateFiles {

    private static final int GROUP_AND_OTHERS = 0077;
    private static final int WRITE_BY_GROUP_OR_OTHERS = 0022;
    private static final int STICKY = 01000;

    private PrivateFiles() {
    }

    /**
     * What is wrong with {@code file} as a secret file, for the user: which bits
     * are wrong where, and the chmod that fixes them; empty when it is a regular
     * file that no other user could read, change or replace (or on a file system
     * without POSIX permissions). {@code what} names the file's role, e.g. "key
     * file".
     */
    public static Optional<String> problem(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            return Optional.of(what + " " + file + " does not exist or is not a file");
        }
        try {
            Integer mode = mode(file);
            if (mode == null) {
                return Optional.empty();
            }
            if ((mode & GROUP_AND_OTHERS) != 0) {
                return Optional.of(what + " " + file + " has mode " + octal(mode) + ": "
                        + who(mode & GROUP_AND_OTHERS) + "; run chmod 600 " + file);
            }
            for (Path dir : directoriesAbove(file)) {
                Integer m = mode(dir);
                if (m != null && (m & WRITE_BY_GROUP_OR_OTHERS) != 0 && (m & STICKY) == 0) {
                    return Optional.of(what + " " + file + " is in " + dir + ", which has mode " + octal(m) + ": "
                            + who(m & WRITE_BY_GROUP_OR_OTHERS) + ", so another user could replace the file;"
                            + " run chmod go-w " + dir + " or keep the file elsewhere");
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    /** Every directory above the file, along the path as given and along its real path. */
    private static Set<Path> directoriesAbove(Path file) throws IOException {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path p : new Path[] {file.toAbsolutePath(), file.toRealPath()}) {
            for (Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
                dirs.add(dir);
            }
        }
        return dirs;
    }

    /**
     * The permission bits including set-id and sticky bits (from the "unix" view,
     * which has them), else the nine bits of the POSIX view; {@code null} when
     * the file system has neither.
     */
    private static Integer mode(Path path) throws IOException {
        try {
            return (Integer) Files.getAttribute(path, "unix:mode") & 07777;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // No "unix" view on this platform: fall back to the POSIX one.
        }
        try {
            int bits = 0;
            for (PosixFilePermission p : Files.getPosixFilePermissions(path)) {
                bits |= 0400 >> p.ordinal(); // the enum is in the order of the mode bits
            }
            return bits;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static String octal(int mode) {
        return String.format(Locale.ROOT, "%04o", mode);
    }

    /** E.g. "group may read it, others may read and write it", or "group and others may write it". */
    static String who(int bits) {
        String group = verbs((bits >> 3) & 7);
        String others = verbs(bits & 7);
        if (group.equals(others)) {
            return "group and others may " + group + " it";
        }
        if (group.isEmpty()) {
            return "others may " + others + " it";
        }
        if (others.isEmpty()) {
            return "group may " + group + " it";
        }
        return "group may " + group + " it, others may " + others + " it";
    }

    private static String verbs(int rwx) {
        String[] words = {"read", "write", "execute"};
        StringBuilder sb = new StringBuilder();
        int count = Integer.bitCount(rwx);
        int written = 0;
        for (int i = 0; i < 3; i++) {
            if ((rwx & (4 >> i)) != 0) {
                if (written > 0) {
                    sb.append(written == count - 1 ? " and " : ", ");
                }
                sb.append(words[i]);
                written++;
            }
        }
        return sb.toString();
    }
}
