package org.mediachange.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The original Perl mediachanged as the tests run it (test resource
 * {@code original-mediachanged.pl}, rewritten after the book's design): its
 * accept loop, fork per connection and wire exchange, with the Tk dialog
 * replaced by files, since a test cannot drive Tk. {@link #awaitDialog()} waits for a
 * request to be "shown" and {@link #answer} answers it as the operator's button
 * would. Closing stops the daemon and any child still waiting for an answer.
 */
final class OriginalDaemon implements AutoCloseable {

    private final Outside.Daemon daemon;
    private final Path dialogs;

    private OriginalDaemon(Outside.Daemon daemon, Path dialogs) {
        this.daemon = daemon;
        this.dialogs = dialogs;
    }

    /** Starts the Perl daemon on a free port of 127.0.0.1 and waits until it listens. */
    static OriginalDaemon start(Outside outside) throws Exception {
        return start(outside, 0);
    }

    /**
     * Starts the Perl daemon on {@code port} of 127.0.0.1 (0: a free one) and
     * waits until it listens; its "dialogs" are its own, so a daemon started
     * again does not see the requests of one stopped before.
     */
    static OriginalDaemon start(Outside outside, int port) throws Exception {
        Path script = outside.work().resolve("original-mediachanged.pl");
        try (InputStream in = OriginalDaemon.class.getResourceAsStream("original-mediachanged.pl")) {
            if (in == null) {
                throw new IOException("test resource original-mediachanged.pl missing");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path dialogs = Files.createTempDirectory(outside.work(), "perl-dialogs-");
        Outside.Daemon d = outside.daemon(Path.of("perl"), Map.of(), script.toString(), "--port",
                Integer.toString(port), "--dialogs", dialogs.toString());
        return new OriginalDaemon(d, dialogs);
    }

    int port() {
        return daemon.port();
    }

    /** Waits (at most 20 s) for a request on "screen" and returns its message. */
    String awaitDialog() throws Exception {
        return Files.readString(awaitShown(), StandardCharsets.UTF_8).strip();
    }

    /** Answers the request on "screen" with {@code reply} ("Ok" or "Cancel"), as its button would. */
    void answer(String reply) throws Exception {
        Path shown = awaitShown();
        String base = shown.getFileName().toString().replace(".shown", "");
        Path tmp = dialogs.resolve(base + ".tmp-answer");
        Files.writeString(tmp, reply + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dialogs.resolve(base + ".answer"), StandardCopyOption.ATOMIC_MOVE);
    }

    private Path awaitShown() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - end < 0) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dialogs, "dialog-*.shown")) {
                for (Path p : s) {
                    return p;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the Perl daemon showed no request within 20 s: " + daemon.process().stdout()
                + daemon.process().stderr());
    }

    @Override
    public void close() throws Exception {
        // Its children wait for their answers in processes of their own: stop them too.
        daemon.process().process().descendants().forEach(ProcessHandle::destroy);
        daemon.close();
    }
}
