package org.mediachange.client.ctl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live stream's transport over real HTTP on loopback: lines split at
 * LF, CR LF and CR (also across pieces), the end told apart from silence,
 * an over-long line ending the stream, and {@link EventStream#close} waking
 * a waiting reader.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventStreamTest {

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves a chunked 200 whose body {@code body} writes (flushing as it likes). */
    private URI serve(Consumer<OutputStream> body) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            try (ex) {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                body.accept(ex.getResponseBody());
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(UTF_8));
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private EventStream open(URI uri) throws Exception {
        EventStream s = new EventStream();
        s.start(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                HttpRequest.newBuilder(uri).build());
        assertThat(s.awaitHeaders(Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        return s;
    }

    /** The items until the end (at most 10 s). */
    private static List<EventStream.Item> drain(EventStream s) throws Exception {
        List<EventStream.Item> items = new ArrayList<>();
        while (true) {
            EventStream.Item i = s.next(Duration.ofSeconds(10));
            assertThat(i).as("an item within 10 s").isNotNull();
            items.add(i);
            if (i instanceof EventStream.End) {
                return items;
            }
        }
    }

    @Test
    void linesEndAtLfCrLfAndCrEvenWhenSplitAcrossPieces() throws Exception {
        URI uri = serve(out -> {
            write(out, "one\ntwo\r");
            write(out, "\nthree\rfour\r");
            write(out, "\r\nfünf\n");
        });
        try (EventStream s = open(uri)) {
            assertThat(drain(s)).containsExactly(new EventStream.Line("one"), new EventStream.Line("two"),
                    new EventStream.Line("three"), new EventStream.Line("four"), new EventStream.Line(""),
                    new EventStream.Line("fünf"), new EventStream.End(null));
        }
    }

    @Test
    void silenceIsNotTheEnd() throws Exception {
        URI uri = serve(out -> {
            write(out, "first\n");
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (EventStream s = open(uri)) {
            assertThat(s.next(Duration.ofSeconds(10))).isEqualTo(new EventStream.Line("first"));
            assertThat(s.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void closeWakesAWaitingReaderAtOnce() throws Exception {
        URI uri = serve(out -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        EventStream s = open(uri);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.close();
        });
        closer.start();
        // Waits far longer than the test's limit unless close() ends the wait.
        assertThat(s.next(Duration.ofMinutes(5))).isEqualTo(new EventStream.End("closed"));
        closer.join();
    }

    @Test
    void anOverLongLineEndsTheStream() throws Exception {
        URI uri = serve(out -> {
            byte[] chunk = "x".repeat(64 * 1024).getBytes(UTF_8);
            try {
                for (int i = 0; i <= EventStream.MAX_LINE_BYTES / chunk.length; i++) {
                    out.write(chunk);
                }
                out.flush();
            } catch (java.io.IOException e) {
                // the client hung up, as it should
            }
        });
        try (EventStream s = open(uri)) {
            assertThat(drain(s)).containsExactly(new EventStream.End("a line of the event stream is longer than "
                    + EventStream.MAX_LINE_BYTES + " bytes"));
        }
    }

    @Test
    void aFastServerIsReadAtTheReadersPace() throws Exception {
        // Many more lines than may wait: they are requested piece by piece, and none is lost.
        int lines = EventStream.MAX_QUEUED * 20;
        URI uri = serve(out -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                sb.append("line ").append(i).append('\n');
            }
            write(out, sb.toString());
        });
        try (EventStream s = open(uri)) {
            List<EventStream.Item> items = drain(s);
            assertThat(items).hasSize(lines + 1);
            assertThat(items.get(lines - 1)).isEqualTo(new EventStream.Line("line " + (lines - 1)));
        }
    }
}
