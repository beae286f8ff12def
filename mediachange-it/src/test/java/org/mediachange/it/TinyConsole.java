package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Just enough of the web console's API (issue 10) for the launcher and
 * package tests of mediachangectl, which need no daemon: HTTP Basic for one
 * operator, {@code GET /api/requests} and a live stream with one pending
 * request and keep-alives. The API itself is tested against a fuller
 * stand-in in mediachange-client, and end to end against the daemon in
 * {@link CtlEndToEndIT}.
 */
final class TinyConsole implements AutoCloseable {

    static final String OPERATOR = "alice";
    static final String PASSWORD = "correct horse battery";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tiny-console");
        t.setDaemon(true);
        return t;
    });
    private final String pendingJson;

    /** Serves one pending request with id 7 and {@code message} (a JSON string's content, escaped by the caller). */
    TinyConsole(String message) throws IOException {
        pendingJson = "{\"id\":7,\"received\":\"2026-11-30T01:02:03Z\",\"peer\":\"192.168.1.5\",\"host\":\"backup1\","
                + "\"message\":\"" + message + "\"}";
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setExecutor(threads);
        server.createContext("/api/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String expected = "Basic "
                    + Base64.getEncoder().encodeToString((OPERATOR + ":" + PASSWORD).getBytes(UTF_8));
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "{\"error\":\"wrong name or password\"}");
            } else if (ex.getRequestURI().getPath().equals("/api/requests")) {
                send(ex, 200, "{\"pending\":[" + pendingJson + "],\"recent\":[]}");
            } else if (ex.getRequestURI().getPath().equals("/api/events")) {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                write(out, "event: snapshot\ndata: {\"now\":\"2026-11-30T01:03:00Z\",\"pending\":[" + pendingJson
                        + "],\"recent\":[]}\n\n");
                for (int i = 0; i < 600; i++) {
                    TimeUnit.MILLISECONDS.sleep(100);
                    write(out, ": keep-alive\n\n");
                }
            } else {
                send(ex, 404, "{\"error\":\"not found\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(UTF_8));
        out.flush();
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
