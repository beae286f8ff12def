package org.mediachange.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where mediachange-dist put the tarball and the .debs, and how the tests
 * unpack them: with the system's own tar and dpkg-deb, as an admin would.
 */
final class Artifacts {

    static final String VERSION = System.getProperty("mediachange.version", "0.1.0");

    private Artifacts() {
    }

    /** PATH with the sbin directories, where start-stop-daemon, dump and losetup live. */
    static String sbinPath() {
        return System.getenv("PATH") + ":/usr/sbin:/sbin";
    }

    /** Runs the init script of the packages unpacked under {@code root} with {@code action} (90 s at most). */
    static Outside.Ran initScript(Outside outside, Path root, String action) throws Exception {
        return outside.run(Map.of("MEDIACHANGE_ROOT", root.toString(), "PATH", sbinPath()),
                List.of(root.resolve("etc/init.d/mediachanged").toString(), action), 90);
    }

    static Path target() {
        return Path.of(System.getProperty("mediachange.root", "..")).toAbsolutePath().normalize()
                .resolve("mediachange-dist").resolve("target");
    }

    static Path tarball() {
        return existing(target().resolve("mediachange-" + VERSION + ".tar.gz"));
    }

    static Path clientDeb() {
        return existing(target().resolve("mediachange-client_" + VERSION + "_all.deb"));
    }

    static Path daemonDeb() {
        return existing(target().resolve("mediachanged_" + VERSION + "_all.deb"));
    }

    /** Unpacks the tarball into {@code dir}; returns its top directory, mediachange-VERSION. */
    static Path unpackTarball(Outside outside, Path dir) throws Exception {
        outside.runOk("tar", "-xzf", tarball().toString(), "-C", dir.toString());
        return dir.resolve("mediachange-" + VERSION);
    }

    /** Unpacks both .debs into {@code root} (dpkg-deb -x), as they would land under /. */
    static Path unpackDebs(Outside outside, Path root) throws Exception {
        outside.runOk("dpkg-deb", "-x", clientDeb().toString(), root.toString());
        outside.runOk("dpkg-deb", "-x", daemonDeb().toString(), root.toString());
        return root;
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(p + " is missing: ./mvnw package builds it (module mediachange-dist)");
        }
        return p;
    }
}
