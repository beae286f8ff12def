package org.mediachange.it;

import java.util.List;

/**
 * The package and hook tests unpack archives and run man, bash, GNU tar, dump,
 * start-stop-daemon, setpriv and systemctl (see {@link RequiresCommands}).
 */
public final class RequiresPackageTools extends RequiresCommands {

    /** Needs the tools the package, init script and hook tests run. */
    public RequiresPackageTools() {
        super("package tests", List.of("tar", "gzip", "dpkg-deb", "man", "bash", "systemd-analyze", "systemctl",
                "start-stop-daemon", "setpriv", "mke2fs", "dump", "restore", "losetup"));
    }
}
