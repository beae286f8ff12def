package org.mediachange.common.cli;

import java.nio.file.Path;

/**
 * Where the configuration files are. Kept apart from {@link ConfigFileDefaults}
 * and free of picocli, so the client's fast path can check for the files
 * without loading picocli.
 */
public final class ConfigLocations {

    /** System property naming the configuration directory; launchers of unpacked installs set it. */
    public static final String CONF_DIR_PROPERTY = "mediachange.confdir";

    /** The configuration directory of a system-wide install. */
    public static final Path SYSTEM_CONF_DIR = Path.of("/etc/mediachange");

    private ConfigLocations() {
    }

    /** The configuration directory: {@value #CONF_DIR_PROPERTY} if set, else {@code /etc/mediachange}. */
    public static Path confDir() {
        String dir = System.getProperty(CONF_DIR_PROPERTY, "");
        return dir.isBlank() ? SYSTEM_CONF_DIR : Path.of(dir);
    }

    /** The user's home directory: {@code $HOME} as the shell knows it, else Java's {@code user.home}. */
    public static Path userHome() {
        String home = System.getenv("HOME");
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home")) : Path.of(home);
    }
}
