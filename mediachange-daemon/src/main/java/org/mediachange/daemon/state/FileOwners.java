package org.mediachange.daemon.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;

/**
 * What root leaves in the service's directories stays the service's: a daemon
 * run as root (say, in a terminal, as the README shows) that creates or opens
 * a file in a directory owned by another user (the service's
 * {@code /var/log/mediachange}, {@code /var/lib/mediachange}) gives the file
 * to that user and group, so that the service, running as that user, can go
 * on writing it afterwards.
 */
public final class FileOwners {

    private FileOwners() {
    }

    /** Whether this process runs as root (its {@code /proc/self} is root's); false where there is no /proc. */
    public static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * When this process runs as root and {@code file}'s directory belongs to another user, makes
     * {@code file} that user's and its group the directory's; true when it changed anything.
     *
     * @throws IOException when the file's owner cannot be read or changed
     */
    public static boolean giveToDirectoryOwner(Path file) throws IOException {
        if (!runningAsRoot()) {
            return false;
        }
        Path dir = file.toAbsolutePath().getParent();
        PosixFileAttributes d = Files.readAttributes(dir, PosixFileAttributes.class);
        UserPrincipal owner = d.owner();
        if (Integer.valueOf(0).equals(Files.getAttribute(dir, "unix:uid"))) {
            return false;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes f = view.readAttributes();
        GroupPrincipal group = d.group();
        boolean changed = false;
        if (!f.owner().equals(owner)) {
            view.setOwner(owner);
            changed = true;
        }
        if (!f.group().equals(group)) {
            view.setGroup(group);
            changed = true;
        }
        return changed;
    }
}
