package org.mediachange.common.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * The check every secret file gets before it is read (key file, operators
 * file, TLS password file): it must be a regular file that neither group nor
 * others may read, as ssh insists for a private key. One place, so every
 * secret file is refused the same way and with the same advice.
 */
public final class PrivateFiles {

    private PrivateFiles() {
    }

    /**
     * What is wrong with {@code file} as a secret file, for the user; empty when
     * it is a regular file that only its owner may read. {@code what} names the
     * file's role, e.g. "operators file".
     */
    public static Optional<String> problem(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            return Optional.of(what + " " + file + " does not exist or is not a file");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                return Optional.of(what + " " + file + " is readable by group or others;"
                        + " make it private with: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        } catch (IOException e) {
            return Optional.of("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        return Optional.empty();
    }
}
