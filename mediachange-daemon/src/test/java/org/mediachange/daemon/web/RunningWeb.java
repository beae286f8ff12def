package org.mediachange.daemon.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.dialog.WhenDialogFails;
import org.mediachange.daemon.server.ServerConfig;
import org.mediachange.daemon.testing.RunningServer;
import org.mediachange.daemon.web.auth.GuessLimits;
import org.mediachange.daemon.web.auth.OperatorsFile;
import org.mediachange.daemon.web.auth.PasswordHash;
import org.mediachange.daemon.web.auth.ServerSecret;
import org.mediachange.daemon.web.http.WebLimits;

/**
 * The request port (real accept loop, scripted operator) and the web console
 * on it, both on 127.0.0.1 port 0, with one operator; an HTTP client that
 * keeps no cookies by itself (tests send them, as they must see them). Stopped on close.
 */
final class RunningWeb implements AutoCloseable {

    static final String NAME = "alice";
    static final String PASSWORD = "correct horse battery staple";
    /** One hash for every test class: PBKDF2 with 600,000 rounds is slow by design. */
    private static PasswordHash hash;

    final RunningServer server;
    final WebConsole web;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningWeb(RunningServer server, WebConsole web) {
        this.server = server;
        this.web = web;
    }

    static synchronized Path operators(Path dir) throws Exception {
        if (hash == null) {
            hash = PasswordHash.create(PASSWORD.toCharArray());
        }
        Path file = dir.resolve("operators");
        OperatorsFile.setPassword(file, NAME, hash);
        return file;
    }

    static RunningWeb start(OperatorPrompt prompt, Path dir, WebLimits limits) throws Exception {
        return start(prompt, dir, limits, AllowList.parse(List.of("127.0.0.0/8", "::1")));
    }

    static RunningWeb start(OperatorPrompt prompt, Path dir, WebLimits limits, AllowList webAllow) throws Exception {
        return start(prompt, dir, limits, webAllow, RunningServer.config(AllowList.parse(List.of("127.0.0.0/8"))));
    }

    static RunningWeb start(OperatorPrompt prompt, Path dir, WebLimits limits, AllowList webAllow,
            ServerConfig serverConfig) throws Exception {
        return start(prompt, dir, limits, webAllow, serverConfig, null);
    }

    /** With answer links below {@code webUrl} ({@code --web-url}). */
    static RunningWeb withLinks(OperatorPrompt prompt, Path dir, URI webUrl) throws Exception {
        return with(prompt, dir).webUrl(webUrl).start();
    }

    private static RunningWeb start(OperatorPrompt prompt, Path dir, WebLimits limits, AllowList webAllow,
            ServerConfig serverConfig, URI webUrl) throws Exception {
        return with(prompt, dir).limits(limits).webAllow(webAllow).serverConfig(serverConfig).webUrl(webUrl).start();
    }

    /** A console to set up: the operators file and the state directory (its secret) in {@code dir}. */
    static Builder with(OperatorPrompt prompt, Path dir) {
        return new Builder(prompt, dir);
    }

    /** The settings of one console; defaults as the daemon's, answer links off, the system clock. */
    static final class Builder {
        private final OperatorPrompt prompt;
        private final Path dir;
        private WebLimits limits = WebLimits.DEFAULT;
        private AllowList webAllow = AllowList.parse(List.of("127.0.0.0/8", "::1"));
        private ServerConfig serverConfig = RunningServer.config(AllowList.parse(List.of("127.0.0.0/8")));
        private URI webUrl;
        private GuessLimits guess = GuessLimits.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Path operators;

        private Builder(OperatorPrompt prompt, Path dir) {
            this.prompt = prompt;
            this.dir = dir;
        }

        Builder limits(WebLimits l) {
            limits = l;
            return this;
        }

        Builder webAllow(AllowList a) {
            webAllow = a;
            return this;
        }

        Builder serverConfig(ServerConfig c) {
            serverConfig = c;
            return this;
        }

        Builder webUrl(URI u) {
            webUrl = u;
            return this;
        }

        Builder guess(GuessLimits g) {
            guess = g;
            return this;
        }

        Builder clock(Clock c) {
            clock = c;
            return this;
        }

        /** Another operators file than the one with {@link #NAME} that {@link #operators(Path)} makes. */
        Builder operatorsFile(Path file) {
            operators = file;
            return this;
        }

        RunningWeb start() throws Exception {
            // With the web console on, a request whose dialog fails stays pending there, as in the daemon.
            RunningServer server = RunningServer.with(prompt).config(serverConfig)
                    .whenDialogFails(WhenDialogFails.LEAVE_TO_OTHER_SURFACES).start();
            try {
                WebConfig config = new WebConfig(new InetSocketAddress("127.0.0.1", 0),
                        operators != null ? operators : operators(dir), null, null, false, webAllow, limits, webUrl,
                        secretFile(dir), guess);
                return new RunningWeb(server, WebConsole.start(config, server.loop().board(), clock));
            } catch (Exception | Error e) {
                server.close();
                throw e;
            }
        }
    }

    /** The state directory of the consoles of {@code dir}. */
    static Path secretFile(Path dir) {
        return dir.resolve("state").resolve(ServerSecret.FILE_NAME);
    }

    URI uri(String path) {
        return web.uri().resolve(path);
    }

    static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = request(path).GET();
        if (headers.length > 0) {
            r.headers(headers);
        }
        return send(r);
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder r = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return send(r);
    }

    /** Logs in through {@code POST /login}; returns the Set-Cookie header. */
    String login() throws Exception {
        HttpResponse<String> r = post("/login", "{\"name\":\"" + NAME + "\",\"password\":\"" + PASSWORD + "\"}",
                "X-Requested-By", "mediachange", "Content-Type", "application/json");
        if (r.statusCode() != 200) {
            throw new AssertionError("login: " + r.statusCode() + " " + r.body());
        }
        return r.headers().firstValue("Set-Cookie").orElseThrow();
    }

    /** The {@code Cookie} header value for a {@code Set-Cookie} value. */
    static String cookie(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Override
    public void close() throws Exception {
        web.close();
        server.close();
    }
}
