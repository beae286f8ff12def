package org.mediachange.daemon.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon per state directory: an exclusive lock on a file in it, held
 * while the daemon runs and let go by the kernel however it ends. A second
 * daemon on the same directory (started by hand beside the service, say)
 * would otherwise overwrite the first one's state and hand out its ids again.
 */
final class DirectoryLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Tries to lock {@code file} (made if missing; given to the directory's owner by a daemon
     * run as root); {@link #held()} says whether this daemon got it.
     */
    static DirectoryLock take(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileOwners.giveToDirectoryOwner(file);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // this JVM holds it already (tests running two daemons)
            }
            if (l == null) {
                ch.close();
            }
            return new DirectoryLock(ch, l);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Whether this daemon holds the directory. */
    boolean held() {
        return lock != null;
    }

    /** Lets the directory go. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("letting the state directory go: {}", e.toString());
        }
    }
}
