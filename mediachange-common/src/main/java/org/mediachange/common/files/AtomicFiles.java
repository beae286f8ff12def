package org.mediachange.common.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file so that whoever reads it, and whatever happens meanwhile
 * (a crash, a power cut), finds the old contents or the new ones, never a
 * mixture or nothing: the new bytes go to a temporary file beside it, which
 * is flushed to disk ({@code fsync}), renamed over the file, and then the
 * directory is flushed too, so that the rename itself is on disk.
 */
public final class AtomicFiles {

    /** Suffix of the temporary file beside the target while it is written. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /**
     * Replaces {@code file} with {@code bytes}, readable and writable by its owner only.
     * {@code beforeRename} runs on the temporary file once it is complete (e.g. to give it
     * another owner).
     *
     * @throws IOException when any step fails; the file is then as it was
     */
    public static void write(Path file, byte[] bytes, FileStep beforeRename) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve(file.getFileName() + TEMP_SUFFIX);
        Files.deleteIfExists(temp); // left by a crash; a new one gets the right mode
        try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            beforeRename.accept(temp);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + temp + " over " + file + " in one step", e);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(dir);
    }

    /** Flushes {@code dir}'s entries (a rename in it) to disk. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** A step on a file that may fail. */
    @FunctionalInterface
    public interface FileStep {
        /** Does the step on {@code file}. */
        void accept(Path file) throws IOException;
    }
}
