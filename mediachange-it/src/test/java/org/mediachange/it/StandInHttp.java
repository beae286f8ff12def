package org.mediachange.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on 127.0.0.1 that stands in for ntfy or a chat's incoming
 * webhook: it records every request and answers 200 with {@code {}}.
 */
final class StandInHttp implements AutoCloseable {

    /** One request as it arrived; header names in lower case. */
    record Request(String method, String path, Map<String, List<String>> headers, String body) {

        /** The one value of header {@code name}. */
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            if (values == null || values.size() != 1) {
                throw new AssertionError("header " + name + ": " + values);
            }
            return values.get(0);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    private StandInHttp(HttpServer server) {
        this.server = server;
    }

    /** Listens on a free port of 127.0.0.1. */
    static StandInHttp start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        StandInHttp s = new StandInHttp(server);
        server.createContext("/", s::handle);
        server.start();
        return s;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    /** Its base URL, e.g. {@code http://127.0.0.1:40123}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request; fails after {@code seconds}. */
    Request next(long seconds) throws InterruptedException {
        Request r = requests.poll(seconds, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request reached the stand-in within " + seconds + " s");
        }
        return r;
    }

    /** Whether another request comes within {@code millis}. */
    boolean nothingWithin(long millis) throws InterruptedException {
        return requests.poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
