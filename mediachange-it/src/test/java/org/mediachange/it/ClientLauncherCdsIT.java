package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/mediachangec's class data sharing archive, from the outside: the
 * first run answers normally and leaves a background training run that writes
 * the archive; later runs map it; and an archive that is missing, stale, made
 * for other jars, made by another JDK build or damaged never changes what a run
 * prints or its exit code. Each test runs a private copy of the launcher and the
 * client's jars (so it may replace a jar), with its own cache directory
 * (XDG_CACHE_HOME) and an instant responder on 127.0.0.1 in place of the daemon.
 */
@Timeout(180)
class ClientLauncherCdsIT {

    private static final Path ROOT = Path.of(System.getProperty("mediachange.root", "..")).toAbsolutePath()
            .normalize();
    /** A class every run loads, and where the class loading log says it came from. */
    private static final String PROBE = "org.mediachange.client.Exchange source: ";
    private static final String FROM_ARCHIVE = PROBE + "shared objects file (top)";

    @TempDir
    Path cache;
    @TempDir
    Path work;
    @TempDir
    Path checkout;
    private ServerSocket responder;
    private Thread responderThread;

    @BeforeEach
    void copyLauncherAndJars() throws IOException {
        Path target = Path.of("mediachange-client", "target");
        for (Path p : List.of(Path.of("scripts", "mediachangec"), target.resolve("mediachange-client.jar"))) {
            copy(ROOT.resolve(p), checkout.resolve(p));
        }
        try (Stream<Path> libs = Files.list(ROOT.resolve(target).resolve("lib"))) {
            for (Path lib : libs.toList()) {
                copy(lib, checkout.resolve(target).resolve("lib").resolve(lib.getFileName()));
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }

    @BeforeEach
    void startResponder() throws IOException {
        responder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        responderThread = new Thread(this::answerOkForever, "instant-daemon");
        responderThread.setDaemon(true);
        responderThread.start();
    }

    @AfterEach
    void stop() throws Exception {
        responder.close();
        responderThread.join(5_000);
        awaitNoTraining(); // nothing may still write into the cache directory being deleted
    }

    private void answerOkForever() {
        while (!responder.isClosed()) {
            try (Socket s = responder.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    // the line itself does not matter
                }
                s.getOutputStream().write("Ok\n".getBytes(StandardCharsets.UTF_8));
                s.shutdownOutput();
            } catch (IOException e) {
                // closed at the end of the test
            }
        }
    }

    /** One client run; {@code env} are NAME=VALUE pairs added to a clean environment. */
    private Run client(String... env) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(checkout.resolve("scripts/mediachangec").toString(), "-p",
                Integer.toString(responder.getLocalPort()), "127.0.0.1", "class data sharing test")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().remove("MEDIACHANGE_JAVA_OPTS");
        pb.environment().remove("MEDIACHANGE_CDS");
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        for (String pair : env) {
            int eq = pair.indexOf('=');
            pb.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        try (Launched run = new Launched(pb.start(), out, err)) {
            run.process().getOutputStream().close();
            int code = run.exitCode(60);
            return new Run(code, run.stdout(), run.stderr());
        }
    }

    /** A client run whose class loading is logged; returns where {@link #PROBE} came from, as logged. */
    private List<String> probeRun() throws Exception {
        Path log = work.resolve("classes-" + System.nanoTime() + ".log");
        Run run = client("MEDIACHANGE_JAVA_OPTS=-Xlog:class+load=info:file=" + log);
        assertThat(run).isEqualTo(Run.OK);
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(PROBE)).map(l -> l.substring(l.indexOf(PROBE))).toList();
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
        static final Run OK = new Run(0, "Ok\n", "");
    }

    private Optional<Path> archive() throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(p -> p.toString().endsWith(".jsa")).findFirst();
        }
    }

    private Optional<Path> lock() throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(p -> p.toString().endsWith(".jsa.lock")).findFirst();
        }
    }

    private void awaitNoTraining() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (lock().isPresent()) {
            assertThat(System.nanoTime() - end).as("training still running after 90 s").isNegative();
            Thread.sleep(50);
        }
    }

    /** Waits for a training run to finish and returns the archive it wrote. */
    private Path awaitArchive() throws Exception {
        awaitNoTraining();
        Optional<Path> archive = archive();
        assertThat(archive).as("archive under " + cache).isPresent();
        return archive.get();
    }

    @Test
    void firstRunAnswersAndLeavesAnArchiveThatLaterRunsMap() throws Exception {
        assertThat(archive()).isEmpty();
        assertThat(client()).isEqualTo(Run.OK);
        Path archive = awaitArchive();
        assertThat(probeRun()).containsExactly(FROM_ARCHIVE);
        assertThat(archive()).contains(archive);
    }

    @Test
    void staleArchiveIsNotUsedAndIsMadeAgain() throws Exception {
        client();
        Path archive = awaitArchive();
        FileTime old = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));
        Files.setLastModifiedTime(archive, old);

        assertThat(probeRun()).singleElement().asString().doesNotContain("shared objects file");
        awaitArchive();
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(old);
        assertThat(probeRun()).containsExactly(FROM_ARCHIVE);
    }

    @Test
    void archiveForOtherJarsIsIgnoredQuietly() throws Exception {
        client();
        Path archive = awaitArchive();
        // A different client jar that looks older than the archive: the launcher cannot tell, the JVM can
        // (and would say so on stdout unless told not to).
        Path jar = checkout.resolve("mediachange-client/target/mediachange-client.jar");
        Path other = work.resolve("other.jar");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar));
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(other), in.getManifest())) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                out.putNextEntry(new JarEntry(e.getName()));
                in.transferTo(out);
            }
            out.putNextEntry(new JarEntry("another-build.txt"));
            out.write("rebuilt".getBytes(StandardCharsets.UTF_8));
        }
        Files.move(other, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
        assertThat(archive).isNotEmptyFile();

        assertThat(probeRun()).singleElement().asString().doesNotContain("shared objects file");
    }

    @Test
    void archiveOfAnotherJdkBuildIsIgnoredQuietly() throws Exception {
        client();
        Path archive = awaitArchive();
        // The header names the JVM that wrote it, e.g. "OpenJDK 64-Bit Server VM (17.0.15+6-...) for ...":
        // change one character of that version, as an archive from another build would differ.
        byte[] bytes = Files.readAllBytes(archive);
        int at = indexOf(bytes, " VM (".getBytes(StandardCharsets.US_ASCII), 4096);
        assertThat(at).as("JVM name in the archive header").isPositive();
        bytes[at + 5] = (byte) (bytes[at + 5] == '9' ? '8' : '9');
        rewrite(archive, bytes);

        assertThat(probeRun()).singleElement().asString().doesNotContain("shared objects file");
    }

    @Test
    void damagedArchiveIsIgnoredQuietly() throws Exception {
        client();
        Path archive = awaitArchive();
        byte[] noise = new byte[Files.readAllBytes(archive).length];
        new Random(1).nextBytes(noise);
        rewrite(archive, noise);

        assertThat(probeRun()).singleElement().asString().doesNotContain("shared objects file");
    }

    @Test
    void cdsOffLeavesNoArchive() throws Exception {
        assertThat(client("MEDIACHANGE_CDS=off")).isEqualTo(Run.OK);
        // The launcher takes its training lock before it starts the client, so none now means none at all.
        assertThat(lock()).isEmpty();
        assertThat(archive()).isEmpty();
    }

    /** Replaces the (read-only) archive's content and makes it look newer than the jars again. */
    private static void rewrite(Path archive, byte[] bytes) throws IOException {
        Path tmp = archive.resolveSibling("rewrite.tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(5)));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int limit) {
        for (int i = 0; i + needle.length <= Math.min(haystack.length, limit); i++) {
            int k = 0;
            while (k < needle.length && haystack[i + k] == needle[k]) {
                k++;
            }
            if (k == needle.length) {
                return i;
            }
        }
        return -1;
    }
}
