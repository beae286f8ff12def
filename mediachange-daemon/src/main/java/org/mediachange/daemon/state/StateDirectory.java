package org.mediachange.daemon.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The directory where the daemon keeps what must outlive it (its next request id, the requests
 * it was handling, the recently ended ones, its server secret): {@code --state-dir}, or by
 * default, first found:
 * <ol>
 * <li>the system property {@value #PROPERTY} (e.g. in {@code MEDIACHANGE_JAVA_OPTS});</li>
 * <li>{@code $STATE_DIRECTORY}, which systemd's {@code StateDirectory=} and the init script set
 *     (its first entry, should it list several);</li>
 * <li>{@value #INSTALLED} for an installed daemon (its launcher sets {@code mediachange.confdir})
 *     when that directory exists;</li>
 * <li>{@code $XDG_STATE_HOME/mediachange}, else {@code ~/.local/state/mediachange}: a checkout,
 *     or a user's own daemon.</li>
 * </ol>
 *
 * @param path the directory; it need not exist yet
 */
public record StateDirectory(Path path) {

    /** System property that names the directory. */
    public static final String PROPERTY = "mediachange.statedir";
    /** Environment variable set by systemd's {@code StateDirectory=} (and the init script). */
    public static final String ENV = "STATE_DIRECTORY";
    /** The packages' state directory. */
    public static final String INSTALLED = "/var/lib/mediachange";
    /** System property the launchers of the installed layouts set. */
    static final String CONF_DIR_PROPERTY = "mediachange.confdir";

    /** Rejects null and makes the path absolute. */
    public StateDirectory {
        Objects.requireNonNull(path, "path");
        path = path.toAbsolutePath().normalize();
    }

    /** The default directory for this process (see the class comment). */
    public static StateDirectory byDefault() {
        return byDefault(System.getenv(), System.getProperties());
    }

    /** The default directory for the environment {@code env} and system properties {@code props}. */
    static StateDirectory byDefault(Map<String, String> env, Properties props) {
        String property = props.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return new StateDirectory(Path.of(property));
        }
        String systemd = env.get(ENV);
        if (systemd != null && !systemd.isBlank()) {
            return new StateDirectory(Path.of(systemd.split(":", -1)[0]));
        }
        if (props.getProperty(CONF_DIR_PROPERTY) != null && Files.isDirectory(Path.of(INSTALLED))) {
            return new StateDirectory(Path.of(INSTALLED));
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(props.getProperty("user.home"), ".local", "state");
        return new StateDirectory(base.resolve("mediachange"));
    }

    /** The file {@code name} in this directory. */
    public Path file(String name) {
        return path.resolve(name);
    }
}
