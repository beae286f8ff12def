package org.mediachange.daemon.metrics;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.health.Health;
import org.mediachange.daemon.health.HealthHandler;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.server.ServerConfig;
import org.mediachange.daemon.testing.RequiresPython;
import org.mediachange.daemon.testing.RunningServer;
import org.mediachange.daemon.web.WebConfig;
import org.mediachange.daemon.web.WebConsole;
import org.mediachange.daemon.web.auth.GuessLimits;
import org.mediachange.daemon.web.auth.OperatorsFile;
import org.mediachange.daemon.web.auth.PasswordHash;
import org.mediachange.daemon.web.auth.ServerSecret;
import org.mediachange.daemon.web.http.WebLimits;

/**
 * The daemon's parts as {@code Daemon.run} wires them, on 127.0.0.1 port 0:
 * the request port (real accept loop, a given operator), the metrics on the
 * board and the audit log, and the web console serving {@code /metrics}
 * (open) and {@code /api/health} (behind the login), with one operator.
 * Stopped on close.
 */
final class MetricsFixture implements AutoCloseable {

    static final String NAME = "alice";
    static final String PASSWORD = "correct horse battery staple";
    static final String VERSION = "9.9.9-test";
    private static PasswordHash hash;

    final RunningServer server;
    final DaemonMetrics metrics;
    final WebConsole web;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MetricsFixture(RunningServer server, DaemonMetrics metrics, WebConsole web) {
        this.server = server;
        this.metrics = metrics;
        this.web = web;
    }

    /**
     * Starts with {@code prompt}; the request port allows only 127.0.0.1 (so 127.0.0.2 is denied) and
     * answers Timeout after {@code answerTimeout}; the web console allows {@code webAllow}.
     */
    static MetricsFixture start(OperatorPrompt prompt, Path dir, Duration answerTimeout, AllowList webAllow)
            throws Exception {
        ServerConfig config = RunningServer.loopback().allowList(AllowList.parse(List.of("127.0.0.1")))
                .answerTimeout(answerTimeout).build();
        AuditLog audit = new AuditLog();
        RunningServer server = RunningServer.start(prompt, config, audit);
        DaemonMetrics metrics = null;
        try {
            RequestBoard board = server.loop().board();
            Instant started = Instant.now();
            metrics = DaemonMetrics.start(board, started, VERSION).refusals(audit.refusals());
            WebConfig web = new WebConfig(new InetSocketAddress("127.0.0.1", 0), operators(dir), null, null, false,
                    webAllow, WebLimits.DEFAULT, null, dir.resolve("state").resolve(ServerSecret.FILE_NAME), GuessLimits.DEFAULT);
            DaemonMetrics m = metrics;
            WebConsole console = WebConsole.start(web, board, Clock.systemUTC(), List.of(
                    new WebConsole.Mount(MetricsHandler.PATH, new MetricsHandler(m::scrape), true),
                    new WebConsole.Mount(HealthHandler.PATH,
                            new HealthHandler(new Health(board, null, started, VERSION, true)), false)));
            metrics.loginFailures(console.loginFailures());
            return new MetricsFixture(server, metrics, console);
        } catch (Exception | Error e) {
            if (metrics != null) {
                metrics.close();
            }
            server.close();
            throw e;
        }
    }

    private static synchronized Path operators(Path dir) throws Exception {
        if (hash == null) {
            hash = PasswordHash.create(PASSWORD.toCharArray());
        }
        Path file = dir.resolve("operators");
        OperatorsFile.setPassword(file, NAME, hash);
        return file;
    }

    RequestBoard board() {
        return server.loop().board();
    }

    int port() {
        return server.port();
    }

    URI uri(String path) {
        return web.uri().resolve(path);
    }

    static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            r.headers(headers);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** What the Python parser of the Prometheus project made of one scrape. */
    record Parsed(String contentType, List<Sample> samples, Map<String, String> types) {

        /** The value of the one sample {@code name} with exactly {@code labels} (name=value pairs). */
        double value(String name, String... labels) {
            Map<String, String> want = new TreeMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                want.put(labels[i], labels[i + 1]);
            }
            List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(want))
                    .toList();
            if (found.size() != 1) {
                throw new AssertionError(found.size() + " samples " + name + want + " in " + samples);
            }
            return found.get(0).value();
        }

        /** Every sample named {@code name}. */
        List<Sample> all(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }
    }

    /** One sample: name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /**
     * Scrapes {@code url} with Debian's {@code python3} and parses the text with
     * {@code prometheus_client} (its OpenMetrics parser if {@code openMetrics}).
     */
    static Parsed parse(URI url, boolean openMetrics, Path dir) throws Exception {
        Path script = dir.resolve("parse-metrics.py");
        if (!Files.exists(script)) {
            try (InputStream in = MetricsFixture.class.getResourceAsStream("parse-metrics.py")) {
                Files.write(script, in.readAllBytes());
            }
        }
        List<String> cmd = new ArrayList<>(List.of(RequiresPython.PYTHON.toString(), script.toString(),
                url.toString()));
        if (openMetrics) {
            cmd.add("openmetrics");
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("the Python parser failed on " + url + ": " + out);
        }
        JsonObject json = new Gson().fromJson(out, JsonObject.class);
        List<Sample> samples = new ArrayList<>();
        for (JsonElement e : json.getAsJsonArray("samples")) {
            JsonArray a = e.getAsJsonArray();
            Map<String, String> labels = new TreeMap<>();
            a.get(1).getAsJsonObject().entrySet().forEach(l -> labels.put(l.getKey(), l.getValue().getAsString()));
            samples.add(new Sample(a.get(0).getAsString(), labels, a.get(2).getAsDouble()));
        }
        Map<String, String> types = new TreeMap<>();
        json.getAsJsonObject("types").entrySet().forEach(t -> types.put(t.getKey(), t.getValue().getAsString()));
        return new Parsed(json.get("contentType").getAsString(), samples, types);
    }

    @Override
    public void close() throws Exception {
        web.close();
        metrics.close();
        server.close();
    }
}
