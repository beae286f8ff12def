package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.dist.StampLauncher;

/**
 * The client as users install it (the unpacked tarball and .deb, with the
 * configuration files they ship) against an instant responder on 127.0.0.1:
 * it must take the same picocli-free path as the checkout's launcher, which the
 * class loading log shows, and its class data sharing archive must follow an
 * upgrade even where the new jars carry the old ones' dates.
 */
@ExtendWith({OutsideExtension.class, RequiresPackageTools.class})
@Timeout(180)
class InstalledClientIT {

    private Outside outside;
    private Path work;
    private ServerSocket responder;
    private Thread responderThread;

    @BeforeEach
    void startResponder(Outside outside) throws IOException {
        this.outside = outside;
        this.work = outside.work();
        responder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        responderThread = new Thread(this::answerOkForever, "instant-daemon");
        responderThread.setDaemon(true);
        responderThread.start();
    }

    @AfterEach
    void stopResponder() throws Exception {
        responder.close();
        responderThread.join(5_000);
        archives(); // nothing may still write into the directory being deleted
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
                s.getOutputStream().write("Ok\n".getBytes(UTF_8));
                s.shutdownOutput();
            } catch (IOException e) {
                // closed at the end of the test
            }
        }
    }

    /** Runs {@code client ARGS} with HOME={@code home}, logging class loading; returns the loaded classes. */
    private List<String> run(Path client, Path home, String... args) throws Exception {
        return run(client, home, false, args);
    }

    /**
     * As {@link #run(Path, Path, String...)}; with {@code cds} the launcher uses (and trains) its class
     * data sharing archive in the test's cache directory, as users' runs do.
     */
    private List<String> run(Path client, Path home, boolean cds, String... args) throws Exception {
        Path log = work.resolve("classes-" + System.nanoTime() + ".log");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CACHE_HOME", cache().toString());
        // Without cds, no background training run may write while the test ends.
        env.put("MEDIACHANGE_CDS", cds ? "on" : "off");
        env.put("MEDIACHANGE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        List<String> cmd = new ArrayList<>(List.of(client.toString()));
        cmd.addAll(List.of(args));
        Outside.Ran ran = outside.run(env, cmd, 60);
        assertThat(ran).isEqualTo(new Outside.Ran(0, "Ok\n", ""));
        try (Stream<String> lines = Files.lines(log)) {
            return lines.toList();
        }
    }

    private Path cache() {
        return work.resolve("cache");
    }

    /** The class data sharing archives in the cache, once no training run is left. */
    private List<Path> archives() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            List<Path> all;
            try (Stream<Path> files = Files.exists(cache()) ? Files.walk(cache()) : Stream.empty()) {
                all = files.toList();
            }
            if (all.stream().noneMatch(p -> p.toString().endsWith(".lock"))) {
                return all.stream().filter(p -> p.toString().endsWith(".jsa")).toList();
            }
            assertThat(System.nanoTime() - end).as("training still running after 90 s").isNegative();
            Thread.sleep(50);
        }
    }

    /** Where the client's exchange class came from in a run with the archive, as the class loading log says. */
    private String exchangeSource(Path client, Path home, String... args) throws Exception {
        return run(client, home, true, args).stream().filter(l -> l.contains(EXCHANGE))
                .map(l -> l.substring(l.indexOf(EXCHANGE))).findFirst().orElseThrow();
    }

    private static final String EXCHANGE = "org.mediachange.client.Exchange source: ";
    private static final String FROM_ARCHIVE = EXCHANGE + "shared objects file (top)";

    private static String buildIdOf(Path launcher) throws IOException {
        return Files.readAllLines(launcher, UTF_8).stream().filter(l -> l.startsWith("build_id="))
                .map(l -> l.substring("build_id=".length())).findFirst().orElseThrow();
    }

    @Test
    void tarballClientWithItsShippedConfigurationLoadsNoPicocliClass() throws Exception {
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        assertThat(top.resolve("etc/mediachangec.properties")).isRegularFile();
        List<String> classes = run(top.resolve("bin/mediachangec"), Files.createDirectory(work.resolve("home")),
                "-p", Integer.toString(responder.getLocalPort()), "127.0.0.1", "Please mount volume 3");
        assertThat(classes).anyMatch(l -> l.contains("org.mediachange.client.Conversation "));
        assertThat(classes).noneMatch(l -> l.contains(" picocli."));
    }

    @Test
    void debClientWithAUsersHostAndPortLoadsNoPicocliClass() throws Exception {
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        assertThat(root.resolve("etc/mediachange/mediachangec.properties")).isRegularFile();
        Path home = Files.createDirectory(work.resolve("home"));
        Files.writeString(home.resolve(".mediachangec.properties"),
                "host=127.0.0.1\nport=" + responder.getLocalPort() + "\n", UTF_8);
        List<String> classes = run(root.resolve("usr/bin/mediachangec"), home, "Please mount volume 3");
        assertThat(classes).anyMatch(l -> l.contains("org.mediachange.client.Conversation "));
        assertThat(classes).noneMatch(l -> l.contains(" picocli."));
        // The same log shows picocli where it is used, so the checks above can fail.
        Path log = work.resolve("version.log");
        outside.run(Map.of("MEDIACHANGE_CDS", "off", "MEDIACHANGE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log),
                List.of(root.resolve("usr/bin/mediachangec").toString(), "--version"), 60);
        assertThat(Files.readString(log, UTF_8)).contains(" picocli.CommandLine ");
    }

    @Test
    void bothLaunchersCarryTheBuildIdOfTheirJars() throws Exception {
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        Path lib = top.resolve("lib");
        String expected = StampLauncher.buildId(Artifacts.VERSION, lib.resolve("mediachange-client.jar"),
                lib.resolve("mediachange-common.jar"), lib.resolve("picocli.jar"));
        assertThat(expected).matches(Pattern.quote(Artifacts.VERSION) + "-[0-9a-f]{16}");
        assertThat(buildIdOf(top.resolve("bin/mediachangec"))).isEqualTo(expected);
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        assertThat(buildIdOf(root.resolve("usr/share/mediachange/bin/mediachangec"))).isEqualTo(expected);
        // The checkout's launcher has none: its jars' times change with every build.
        assertThat(buildIdOf(outside.script("mediachangec"))).isEmpty();
    }

    @Test
    void anUpgradeWhoseJarsKeepTheOldDatesGetsAFreshArchive() throws Exception {
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        Path launcher = top.resolve("bin/mediachangec");
        Path home = Files.createDirectory(work.resolve("home"));
        String[] args = {"-p", Integer.toString(responder.getLocalPort()), "127.0.0.1", "Mount volume 4"};
        run(launcher, home, true, args); // the first run starts the training
        List<Path> before = archives();
        assertThat(before).hasSize(1);
        assertThat(exchangeSource(launcher, home, args)).isEqualTo(FROM_ARCHIVE);

        // The upgrade: another build of the client jar with the same date (as reproducible builds of
        // every version have), and the launcher the build stamps for it.
        Path jar = top.resolve("lib/mediachange-client.jar");
        FileTime date = Files.getLastModifiedTime(jar);
        Path rebuilt = work.resolve("rebuilt.jar");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar));
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(rebuilt), in.getManifest())) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                out.putNextEntry(new JarEntry(e.getName()));
                in.transferTo(out);
            }
            out.putNextEntry(new JarEntry("next-version.txt"));
            out.write("0.2.0".getBytes(UTF_8));
        }
        Files.move(rebuilt, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, date);
        Path lib = top.resolve("lib");
        StampLauncher.stamp(launcher, StampLauncher.buildId(Artifacts.VERSION, jar,
                lib.resolve("mediachange-common.jar"), lib.resolve("picocli.jar")));

        assertThat(exchangeSource(launcher, home, args)).as("a run right after the upgrade")
                .isNotEqualTo(FROM_ARCHIVE);
        List<Path> after = archives();
        assertThat(after).as("the old build's archive is replaced").singleElement()
                .isNotEqualTo(before.get(0)).asString().endsWith("-" + buildIdOf(launcher) + ".jsa");
        assertThat(exchangeSource(launcher, home, args)).isEqualTo(FROM_ARCHIVE);
    }
}
