package org.mediachange.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.protocol.Wire;

/**
 * Not for users: scripts/mediachangec runs this once, in the background, with
 * {@code -XX:ArchiveClassesAtExit}, to make the class data sharing archive
 * that lets later runs start faster (docs/PERFORMANCE.md). It does one plain
 * run of the client, with a configuration file naming host and port, against a
 * responder of its own on 127.0.0.1 that answers {@code Ok}, so the archive
 * holds the classes a real run loads. Doing this in
 * a run of its own matters: a JVM that fails to write its archive at exit
 * changes its exit code, which must never happen to a user's run.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    /** Runs the training exchange; exits 0 if the client got its answer. */
    public static void main(String[] args) throws IOException, InterruptedException {
        int code;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            Thread responder = DaemonThreads.start("cds-training-responder", () -> answerOnce(server));
            PrintWriter none = new PrintWriter(Writer.nullWriter());
            // As installed clients run: configuration files read (one missing, one naming the host
            // and port), so the classes that read them are in the archive too.
            Path dir = Files.createTempDirectory("mediachange-cds-training");
            Path config = dir.resolve(Main.USER_CONFIG_FILE);
            try {
                Files.writeString(config, "host=127.0.0.1\nport=" + server.getLocalPort() + "\n",
                        StandardCharsets.UTF_8);
                code = Main.run(new String[] {"class data sharing training"}, InputStream.nullInputStream(), none,
                        none, List.of(dir.resolve(Main.SYSTEM_CONFIG_FILE), config));
                responder.join(10_000);
            } finally {
                Files.deleteIfExists(config);
                Files.deleteIfExists(dir);
            }
        }
        System.exit(code == ExitCode.OK.code() ? 0 : 1);
    }

    private static void answerOnce(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            int b;
            while ((b = in.read()) >= 0 && b != Wire.LF) {
                // the request line is not needed
            }
            OutputStream out = s.getOutputStream();
            out.write(Wire.encodeLine("Ok"));
            s.shutdownOutput();
        } catch (IOException e) {
            // the client then reports the failure, and the training exits 1
        }
    }
}
