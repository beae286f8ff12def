package org.mediachange.daemon.dialog.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dialog process gets only the class path entries its classes come from, not the daemon's whole one. */
class DialogProcessClassPathTest {

    private static String path(String... entries) {
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void keepsOnlyTheNeededEntriesInTheDaemonsOrder() {
        // The installed layouts run the daemon with -cp 'lib/*', which the JVM expands to every jar.
        String daemons = path("/opt/mc/lib/gson.jar", "/opt/mc/lib/jna.jar", "/opt/mc/lib/mediachange-common.jar",
                "/opt/mc/lib/mediachange-daemon.jar", "/opt/mc/lib/picocli.jar", "/opt/mc/lib/../lib/slf4j-api.jar",
                "/opt/mc/lib/mediachange-daemon.jar");
        List<Path> needed = List.of(Path.of("/opt/mc/lib/mediachange-daemon.jar"),
                Path.of("/opt/mc/lib/mediachange-common.jar"), Path.of("/opt/mc/lib/slf4j-api.jar"));
        assertThat(DialogProcessCommand.narrowed(daemons, needed)).isEqualTo(path("/opt/mc/lib/mediachange-common.jar",
                "/opt/mc/lib/mediachange-daemon.jar", "/opt/mc/lib/../lib/slf4j-api.jar"));
    }

    @Test
    void keepsTheWholeClassPathWhenANeededJarIsNotOnIt() {
        // A checkout runs -jar mediachange-daemon.jar, whose manifest names the other jars: they are
        // not entries of java.class.path, so narrowing would lose slf4j; the whole path stays.
        String daemons = path("/src/mediachange-daemon/target/mediachange-daemon.jar");
        List<Path> needed = List.of(Path.of("/src/mediachange-daemon/target/mediachange-daemon.jar"),
                Path.of("/src/mediachange-daemon/target/lib/mediachange-common.jar"),
                Path.of("/src/mediachange-daemon/target/lib/slf4j-api.jar"));
        assertThat(DialogProcessCommand.narrowed(daemons, needed)).isEqualTo(daemons);
    }

    @Test
    void classDirectoriesCountLikeJars() {
        String daemons = path("target/test-classes", "target/classes", "/m2/slf4j-api.jar", "/m2/common.jar",
                "/m2/gson.jar");
        List<Path> needed = List.of(Path.of("target/classes").toAbsolutePath(), Path.of("/m2/common.jar"),
                Path.of("/m2/slf4j-api.jar"));
        assertThat(DialogProcessCommand.narrowed(daemons, needed))
                .isEqualTo(path("target/classes", "/m2/slf4j-api.jar", "/m2/common.jar"));
    }
}
