package org.mediachange.daemon.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A stand-in for systemd's notification socket: an AF_UNIX datagram socket
 * bound by a small Python program (Java 17 cannot receive datagrams on one),
 * whose messages are collected here, one string each, their newlines shown as
 * {@code |} ({@code READY=1|STATUS=...}). Point {@code NOTIFY_SOCKET} at
 * {@link #path()}. Stopped on close.
 */
public final class NotifyReceiver implements AutoCloseable {

    private final Path path;
    private final Process process;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();

    private NotifyReceiver(Path path, Process process) {
        this.path = path;
        this.process = process;
    }

    /** Binds a socket in {@code dir} and starts collecting. */
    public static NotifyReceiver start(Path dir) throws IOException, InterruptedException {
        Path script = dir.resolve("notify-receiver.py");
        try (InputStream in = NotifyReceiver.class.getResourceAsStream("notify-receiver.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path socket = dir.resolve("notify.sock");
        Process p = new ProcessBuilder(RequiresPython.PYTHON.toString(), script.toString(), socket.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        NotifyReceiver r = new NotifyReceiver(socket, p);
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = lines.readLine();
        if (!"bound".equals(first)) {
            p.destroyForcibly();
            throw new IOException("the notify receiver did not start: " + first);
        }
        Thread t = new Thread(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    r.arrivals.add(System.nanoTime());
                    r.messages.add(line);
                }
            } catch (IOException e) {
                // the receiver was stopped
            }
        }, "notify-receiver");
        t.setDaemon(true);
        t.start();
        return r;
    }

    /** The socket's path: the value for {@code NOTIFY_SOCKET}. */
    public Path path() {
        return path;
    }

    /** Every message so far, in order. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** When each message arrived (System.nanoTime()), in the order of {@link #messages()}. */
    public List<Long> arrivals() {
        return List.copyOf(arrivals);
    }

    /** Waits (at most {@code seconds}) for a message that {@code matches}; returns it. */
    public String await(Predicate<String> matches, long seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (String m : messages) {
                if (matches.test(m)) {
                    return m;
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no " + what + " within " + seconds + " s; got: " + messages);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
