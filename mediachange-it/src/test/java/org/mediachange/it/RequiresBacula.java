package org.mediachange.it;

import java.util.List;

/**
 * The Bacula tests run Debian's Bacula 9.6 (bacula-director with bacula-director-sqlite3,
 * bacula-sd, bacula-fd, bacula-console), sqlite3 for the catalog, and the hook's tools
 * (bash, setsid, flock, logger); they unpack the .debs with dpkg-deb (see {@link RequiresCommands}).
 */
public final class RequiresBacula extends RequiresCommands {

    /** Needs the Bacula daemons, bconsole, sqlite3, dpkg-deb and what bacula-operator runs. */
    public RequiresBacula() {
        super("Bacula tests", List.of("bacula-dir", "bacula-sd", "bacula-fd", "bconsole", "sqlite3", "dpkg-deb",
                "bash", "setsid", "flock", "logger", "timeout"));
    }
}
