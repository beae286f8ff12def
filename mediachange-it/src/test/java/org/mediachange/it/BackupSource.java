package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the backup tests back up and how they check what came back: a little
 * over 2.5 volumes of {@link #VOLUME_KIB} KiB of random data, a small text
 * file and an empty one; restored trees must have the same paths and the same
 * bytes in every file.
 */
final class BackupSource {

    /** Volume size for tar -L and dump -B, in KiB; the source is a little over 2.5 of these. */
    static final int VOLUME_KIB = 1024;

    private BackupSource() {
    }

    /** Writes the source tree into {@code dir} (made if missing); returns it. */
    static Path create(Path dir) throws IOException {
        Path source = Files.createDirectories(dir);
        Random random = new Random(8979);
        for (int i = 1; i <= 3; i++) {
            byte[] data = new byte[900_000 + i * 1000];
            random.nextBytes(data);
            Files.write(source.resolve("data-" + i + ".bin"), data);
        }
        Files.createDirectories(source.resolve("etc/small"));
        Files.writeString(source.resolve("etc/small/notes.txt"), "volume set B\n", UTF_8);
        Files.write(source.resolve("etc/empty"), new byte[0]);
        return source;
    }

    /** Same relative paths, and the same bytes in every regular file. */
    static void assertSameTree(Path expected, Path actual) throws IOException {
        assertThat(relativePaths(actual)).isEqualTo(relativePaths(expected));
        for (String p : relativePaths(expected)) {
            if (Files.isRegularFile(expected.resolve(p))) {
                assertThat(actual.resolve(p)).as(p).hasSameBinaryContentAs(expected.resolve(p));
            }
        }
    }

    private static Set<String> relativePaths(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            Set<String> paths = new TreeSet<>();
            s.filter(p -> !p.equals(dir)).forEach(p -> paths.add(dir.relativize(p).toString()));
            return paths;
        }
    }
}
