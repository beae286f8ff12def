package org.mediachange.it;

import java.util.List;

/**
 * The Amanda tests run Debian's Amanda 3.5 (amanda-server, amanda-client) as the backup user
 * in a private mount namespace (unshare, mount, runuser: root needed), and unpack the .debs
 * with dpkg-deb (see {@link RequiresCommands}).
 */
public final class RequiresAmanda extends RequiresCommands {

    /** Needs amdump, amlabel, unshare, runuser and dpkg-deb. */
    public RequiresAmanda() {
        super("Amanda tests", List.of("amdump", "amlabel", "unshare", "runuser", "mount", "dpkg-deb"));
    }
}
