package org.mediachange.client.ctl;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for mediachanged's web console, speaking the API contract of
 * issue 10 as branch web implements it (docs/WEB.md there): real HTTP(S) on
 * loopback with the JDK's server, HTTP Basic, the {@code X-Requested-By}
 * check, {@code GET /api/requests}, {@code POST /api/requests/ID/answer} with
 * 200/409/404 and the daemon's wording, and {@code GET /api/events} with a
 * snapshot, {@code opened} and {@code closed} events and keep-alive comments.
 * Tests add requests and end them as the dialog or a timeout would, break the
 * stream, silence it, or make every answer a given refusal.
 */
final class StandInConsole implements AutoCloseable {

    static final String OPERATOR = "alice";
    static final String PASSWORD = "correct horse battery";
    static final String OTHER_OPERATOR = "bob";
    static final String OTHER_PASSWORD = "staple 42";

    private static final Gson GSON = new GsonBuilder().serializeNulls().create();
    private static final Pattern ANSWER = Pattern.compile("/api/requests/([0-9]{1,18})/answer");
    private static final String END_STREAM = "\u0000end";

    /** A request as the console lists it (the web branch's ApiJson.Pending). */
    record Pending(long id, String received, String peer, String host, String message) {
    }

    /** An ended request (the web branch's ApiJson.Recent). */
    record Recent(long id, String outcome, String by, String closed, String received, String peer, String host,
            String message) {
    }

    private record Requests(List<Pending> pending, List<Recent> recent) {
    }

    private record Snapshot(String now, List<Pending> pending, List<Recent> recent) {
    }

    private record Answered(long id, String outcome, String by, String message) {
    }

    private record Problem(String error) {
    }

    private record AnswerBody(String answer) {
    }

    /** One request the stand-in received: what a test may check. */
    record Seen(String method, String path, String authorization, String requestedBy, String cookie, String body) {
    }

    /** A refusal every API request gets while it is set. */
    record Refusal(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stand-in-console");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> operators = Map.of(OPERATOR, PASSWORD, OTHER_OPERATOR, OTHER_PASSWORD);
    private final Object lock = new Object();
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private final Deque<Recent> recent = new ArrayDeque<>();
    private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger streamsOpened = new AtomicInteger();
    private final AtomicInteger devicesIssued = new AtomicInteger();
    private long nextId = 1;
    private volatile Duration keepAlive = Duration.ofMillis(200);
    private volatile boolean silent;
    private volatile Refusal refusal;

    private StandInConsole(HttpServer server) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/api/", this::handle);
        server.start();
    }

    /** Plain HTTP on 127.0.0.1, on a free port. */
    static StandInConsole start() throws IOException {
        return startOn(0);
    }

    /** Plain HTTP on 127.0.0.1:{@code port} (0: a free one), e.g. the port of a console that was stopped. */
    static StandInConsole startOn(int port) throws IOException {
        return new StandInConsole(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16));
    }

    /** HTTPS on 127.0.0.1 with {@code tls}'s key and certificate. */
    static StandInConsole startTls(SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new StandInConsole(s);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The console's URL, as given to --url. */
    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + port();
    }

    /** A new pending request; its id. */
    long open(String host, String peer, String message) {
        return open(host, peer, message, Instant.now());
    }

    /** A new pending request received at {@code received}; its id. */
    long open(String host, String peer, String message, Instant received) {
        synchronized (lock) {
            long id = nextId++;
            Pending p = new Pending(id, received.toString(), peer, host, message);
            pending.put(id, p);
            publish("opened", p);
            return id;
        }
    }

    /** Ends pending request {@code id} with {@code outcome}, answered {@code by} (null: not an answer). */
    void end(long id, String outcome, String by) {
        synchronized (lock) {
            Pending p = pending.remove(id);
            if (p == null) {
                throw new IllegalStateException("request " + id + " is not pending");
            }
            Recent r = new Recent(id, outcome, by, Instant.now().toString(), p.received(), p.peer(), p.host(),
                    p.message());
            recent.addFirst(r);
            publish("closed", r);
        }
    }

    /** Adds an ended request to the history without any event (as if it ended before anyone watched). */
    void history(Recent r) {
        synchronized (lock) {
            recent.addFirst(r);
        }
    }

    /** Sends a raw text to every open stream (one or more SSE lines, with their line ends). */
    void sendRaw(String text) {
        streams.forEach(q -> q.add(text));
    }

    /** Ends every open stream normally, as the daemon does when it stops. */
    void endStreams() {
        streams.forEach(q -> q.add(END_STREAM));
    }

    /** While true, the streams send nothing: no events, no keep-alives (a hung console). */
    void silent(boolean value) {
        silent = value;
    }

    /** How often an idle stream sends a keep-alive comment. */
    void keepAlive(Duration every) {
        keepAlive = every;
    }

    /** While set, every API request gets this status and JSON body; null: normal service. */
    void refuse(Refusal r) {
        refusal = r;
    }

    /** Everything received so far. */
    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** How many event streams have been opened so far. */
    int streamsOpened() {
        return streamsOpened.get();
    }

    /** Waits (at most 10 s) until {@code n} event streams have been opened in all. */
    void awaitStreamsOpened(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (streamsOpened.get() < n) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("only " + streamsOpened.get() + " of " + n + " event streams were opened");
            }
            Thread.sleep(10);
        }
    }

    /** Stops at once: open connections are cut, not ended. */
    @Override
    public void close() {
        server.stop(0);
        endStreams();
        threads.shutdownNow();
    }

    private void publish(String event, Object data) {
        String text = "event: " + event + "\ndata: " + GSON.toJson(data) + "\n\n";
        streams.forEach(q -> q.add(text));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            byte[] body = ex.getRequestBody().readAllBytes();
            seen.add(new Seen(method, path, ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("X-Requested-By"), ex.getRequestHeaders().getFirst("Cookie"),
                    new String(body, UTF_8)));
            Refusal r = refusal;
            if (r != null) {
                send(ex, r.status(), r.body());
                return;
            }
            // As the web console's AuthFilter: first the forgery check, then the login.
            if (!method.equals("GET") && !"mediachange".equals(ex.getRequestHeaders().getFirst("X-Requested-By"))) {
                problem(ex, 403, "a request that changes something needs the header X-Requested-By: mediachange");
                return;
            }
            String operator = operator(ex);
            if (operator == null) {
                return;
            }
            Matcher answer = ANSWER.matcher(path);
            if (answer.matches() && method.equals("POST")) {
                answer(ex, Long.parseLong(answer.group(1)), operator, new String(body, UTF_8));
            } else if (path.equals("/api/requests") && method.equals("GET")) {
                Requests now;
                synchronized (lock) {
                    now = new Requests(List.copyOf(pending.values()), List.copyOf(recent));
                }
                send(ex, 200, GSON.toJson(now));
            } else if (path.equals("/api/events") && method.equals("GET")) {
                stream(ex);
            } else {
                problem(ex, 404, "not found");
            }
        }
    }

    /** The operator the Basic credentials name, or null after answering 401. */
    private String operator(HttpExchange ex) throws IOException {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"mediachange\", charset=\"UTF-8\"");
            problem(ex, 401, "login required");
            return null;
        }
        String decoded = header.startsWith("Basic ")
                ? new String(Base64.getDecoder().decode(header.substring(6)), UTF_8) : "";
        int colon = decoded.indexOf(':');
        String name = colon < 0 ? "" : decoded.substring(0, colon);
        if (colon < 0 || !decoded.substring(colon + 1).equals(operators.get(name))) {
            problem(ex, 401, "wrong name or password");
            return null;
        }
        // As the console: a client without this operator's device token gets one.
        String cookie = ex.getRequestHeaders().getFirst("Cookie");
        String mine = "mediachange-device=device-of-" + name;
        if (cookie == null || !cookie.contains(mine)) {
            ex.getResponseHeaders().add("Set-Cookie", mine + "-" + devicesIssued.incrementAndGet()
                    + "; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict");
        }
        return name;
    }

    private void answer(HttpExchange ex, long id, String operator, String body) throws IOException {
        AnswerBody a = GSON.fromJson(body, AnswerBody.class);
        String word = a == null || a.answer() == null ? "" : a.answer();
        if (!word.equals("ok") && !word.equals("cancel")) {
            problem(ex, 400, "expected {\"answer\": \"ok\"} or {\"answer\": \"cancel\"}");
            return;
        }
        String by = "web:" + operator;
        synchronized (lock) {
            if (pending.containsKey(id)) {
                end(id, word, by);
                send(ex, 200, GSON.toJson(new Answered(id, word, by, "request " + id + " answered "
                        + (word.equals("ok") ? "Ok" : "Cancel"))));
                return;
            }
            for (Recent r : recent) {
                if (r.id() == id) {
                    problem(ex, 409, describe(r));
                    return;
                }
            }
        }
        problem(ex, 404, "there is no request " + id);
    }

    /** The daemon's RequestBoard.describe. */
    private static String describe(Recent r) {
        String req = "request " + r.id();
        return switch (r.outcome()) {
            case "ok", "cancel" -> req + " was already answered " + (r.outcome().equals("ok") ? "Ok" : "Cancel") + " "
                    + (r.by().equals("dialog") ? "on the console dialog"
                            : r.by().startsWith("web:") ? "by " + r.by().substring(4) : "by " + r.by());
            case "timeout" -> req + " timed out: nobody answered in time";
            case "withdrawn" -> req + " was withdrawn by its client";
            default -> req + " ended: " + r.outcome();
        };
    }

    private void stream(HttpExchange ex) throws IOException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        String first;
        synchronized (lock) {
            first = "retry: 2000\n\nevent: snapshot\ndata: " + GSON.toJson(new Snapshot(Instant.now().toString(),
                    List.copyOf(pending.values()), List.copyOf(recent))) + "\n\n";
            streams.add(queue);
        }
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            streamsOpened.incrementAndGet();
            write(out, first);
            while (true) {
                String next = queue.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
                if (END_STREAM.equals(next)) {
                    return;
                }
                if (silent) {
                    continue;
                }
                write(out, next == null ? ": keep-alive\n\n" : next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            streams.remove(queue);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(UTF_8));
        out.flush();
    }

    private static void problem(HttpExchange ex, int status, String error) throws IOException {
        send(ex, status, GSON.toJson(new Problem(error)));
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    /** The ids of the pending requests, oldest first. */
    List<Long> pendingIds() {
        synchronized (lock) {
            return new ArrayList<>(pending.keySet());
        }
    }
}
