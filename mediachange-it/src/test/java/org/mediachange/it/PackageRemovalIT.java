package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Removing and purging mediachanged, as dpkg runs its maintainer scripts for a
 * root of its own (dpkg --root with --force-script-chrootless sets DPKG_ROOT):
 * the packages unpacked into a temporary root, the user unit enabled for every
 * user as docs/OPERATIONS.md says, and what the daemon leaves in its state and
 * log directories; after purge none of it may be left. Never touches this
 * machine's own /etc or /var.
 */
@ExtendWith({OutsideExtension.class, RequiresPackageTools.class})
@Timeout(120)
class PackageRemovalIT {

    @Test
    void purgeLeavesNoLinkStateOrLogBehind(Outside outside) throws Exception {
        Path work = outside.work();
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        Path control = work.resolve("control");
        outside.runOk("dpkg-deb", "-e", Artifacts.daemonDeb().toString(), control.toString());

        // As an admin does it (docs/OPERATIONS.md), in the temporary root.
        outside.runOk("systemctl", "--root=" + root, "--global", "enable", "mediachanged");
        Path wants = root.resolve("etc/systemd/user/graphical-session.target.wants/mediachanged.service");
        assertThat(Files.isSymbolicLink(wants)).as("enabled for every user").isTrue();
        // What a daemon that ran leaves: the JDK's font cache in its home, the audit log.
        Path fontCache = root.resolve("var/lib/mediachange/.java/fonts/17.0.15/fcinfo-1-host-Debian-12-en.properties");
        Files.createDirectories(fontCache.getParent());
        Files.writeString(fontCache, "version=1\n", UTF_8);
        Path audit = root.resolve("var/log/mediachange/audit.log");
        Files.createDirectories(audit.getParent());
        Files.writeString(audit, "outcome=ok\n", UTF_8);

        Map<String, String> env = Map.of("DPKG_ROOT", root.toString(), "PATH", Artifacts.sbinPath());
        assertThat(outside.run(env, List.of(control.resolve("prerm").toString(), "remove"), 60).code()).isZero();
        assertThat(wants).as("disabled on removal, while the unit file is still there").doesNotExist();
        assertThat(outside.run(env, List.of(control.resolve("postrm").toString(), "remove"), 60).code()).isZero();
        assertThat(outside.run(env, List.of(control.resolve("postrm").toString(), "purge"), 60).code()).isZero();

        assertThat(Files.exists(wants, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as(wants.toString()).isFalse();
        assertThat(root.resolve("var/lib/mediachange")).doesNotExist();
        assertThat(root.resolve("var/log/mediachange")).doesNotExist();
    }

    @Test
    void purgeRemovesALinkThatPrermCouldNotDisable(Outside outside) throws Exception {
        Path work = outside.work();
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        Path control = work.resolve("control");
        outside.runOk("dpkg-deb", "-e", Artifacts.daemonDeb().toString(), control.toString());
        outside.runOk("systemctl", "--root=" + root, "--global", "enable", "mediachanged");
        Path wants = root.resolve("etc/systemd/user/graphical-session.target.wants/mediachanged.service");
        // The unit file already gone (as after a removal without systemctl): only purge can clean up.
        Files.delete(root.resolve("usr/lib/systemd/user/mediachanged.service"));
        Map<String, String> env = Map.of("DPKG_ROOT", root.toString(), "PATH", Artifacts.sbinPath());
        assertThat(outside.run(env, List.of(control.resolve("postrm").toString(), "purge"), 60).code()).isZero();
        assertThat(Files.exists(wants, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("dangling link").isFalse();
    }
}
