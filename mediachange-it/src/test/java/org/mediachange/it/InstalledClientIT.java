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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client as users install it (the unpacked tarball and .deb, with the
 * configuration files they ship) against an instant responder on 127.0.0.1:
 * it must take the same picocli-free path as the checkout's launcher, which the
 * class loading log shows.
 */
@ExtendWith(RequiresPackageTools.class)
@Timeout(180)
class InstalledClientIT {

    @TempDir
    Path work;
    private Outside outside;
    private ServerSocket responder;
    private Thread responderThread;

    @BeforeEach
    void startResponder() throws IOException {
        outside = new Outside(work);
        responder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        responderThread = new Thread(this::answerOkForever, "instant-daemon");
        responderThread.setDaemon(true);
        responderThread.start();
    }

    @AfterEach
    void stopResponder() throws Exception {
        responder.close();
        responderThread.join(5_000);
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
        Path log = work.resolve("classes-" + System.nanoTime() + ".log");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
        env.put("MEDIACHANGE_CDS", "off"); // no background training run writing while the test ends
        env.put("MEDIACHANGE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        List<String> cmd = new java.util.ArrayList<>(List.of(client.toString()));
        cmd.addAll(List.of(args));
        Outside.Ran ran = outside.run(env, cmd, 60);
        assertThat(ran).isEqualTo(new Outside.Ran(0, "Ok\n", ""));
        try (Stream<String> lines = Files.lines(log)) {
            return lines.toList();
        }
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
}
