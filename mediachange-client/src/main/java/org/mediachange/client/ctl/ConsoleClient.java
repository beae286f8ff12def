package org.mediachange.client.ctl;

import com.google.gson.JsonParseException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.mediachange.common.cli.VersionProvider;
import org.mediachange.common.text.Escaper;
import org.mediachange.common.time.Durations;

/**
 * The web console's JSON API over HTTP(S), for one operator: HTTP Basic on
 * every request (the console remembers a recent success, so the slow
 * password check runs once) with the device token the console gave this
 * user's mediachangectl ({@link DeviceTokens}), the {@code X-Requested-By} header every
 * state-changing request needs, answers bounded in size and time, and every
 * failure turned into a {@link ConsoleException} with its exit code and one
 * line that names the console. HTTP/1.1 only: the live stream is a plain
 * long response, and the JDK's HTTP server speaks nothing else.
 */
final class ConsoleClient {

    /** The header that tells the console a request is not a cross-site forgery. */
    static final String CSRF_HEADER = "X-Requested-By";
    static final String CSRF_VALUE = "mediachange";
    static final int MAX_ANSWER_BYTES = 4 << 20;
    private static final String JSON = "application/json";
    private static final int MAX_SHOWN_CHARS = 300;

    /** The cookie of the console's device token. */
    static final String DEVICE_COOKIE = "mediachange-device";

    private final ConsoleSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final DeviceTokens devices;

    /** A client of the console of {@code settings}, sending the device token of {@code devices} and keeping new ones. */
    ConsoleClient(ConsoleSettings settings, Clock clock, DeviceTokens devices) {
        this.settings = settings;
        this.clock = clock;
        this.devices = devices;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(positive(settings.connectTimeout()));
        if (settings.ssl() != null) {
            b.sslContext(settings.ssl());
        }
        this.http = b.build();
    }

    /** What {@code GET /api/requests} said, and the console's time then (for ages). */
    record Listing(Api.Requests requests, Instant now) {
    }

    /** {@code GET /api/requests}. */
    Listing list() throws ConsoleException {
        HttpResponse<byte[]> r = send(request("api/requests").header("Accept", JSON).GET().build());
        if (r.statusCode() != 200) {
            throw problem(r);
        }
        Api.Requests requests;
        try {
            requests = Api.parse(text(r), Api.Requests.class).checked();
        } catch (JsonParseException e) {
            throw notTheConsole(r);
        }
        return new Listing(requests, serverTime(r.headers()));
    }

    /** {@code GET /api/health}. */
    Api.Health health() throws ConsoleException {
        HttpResponse<byte[]> r = send(request("api/health").header("Accept", JSON).GET().build());
        if (r.statusCode() != 200) {
            throw problem(r);
        }
        try {
            return Api.parse(text(r), Api.Health.class).checked();
        } catch (JsonParseException e) {
            throw notTheConsole(r);
        }
    }

    /**
     * {@code POST /api/requests/ID/answer} with {@code answer} ({@code ok} or {@code cancel}).
     *
     * @throws ConsoleException {@link CtlExitCode#ALREADY_CLOSED} (409) or
     *                          {@link CtlExitCode#NO_SUCH_REQUEST} (404) with the console's explanation,
     *                          or any other failure
     */
    Api.Answered answer(long id, String answer) throws ConsoleException {
        String body = Api.GSON.toJson(new Api.AnswerBody(answer));
        HttpResponse<byte[]> r = send(request("api/requests/" + id + "/answer").header("Accept", JSON)
                .header("Content-Type", JSON + "; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
        switch (r.statusCode()) {
            case 200:
                try {
                    return Api.parse(text(r), Api.Answered.class);
                } catch (JsonParseException e) {
                    throw notTheConsole(r);
                }
            case 409:
                throw ConsoleException.of(CtlExitCode.ALREADY_CLOSED,
                        said(r, "request " + id + " is no longer pending"));
            case 404:
                throw ConsoleException.of(CtlExitCode.NO_SUCH_REQUEST, said(r, "there is no request " + id));
            default:
                throw problem(r);
        }
    }

    /**
     * Opens {@code GET /api/events} on {@code stream} and waits for the
     * console to accept it; the events then arrive through {@code stream}.
     */
    void openEvents(EventStream stream) throws ConsoleException {
        stream.start(http, request("api/events").header("Accept", "text/event-stream").GET().build());
        try {
            HttpResponse.ResponseInfo info = stream.awaitHeaders(settings.timeout());
            keepDeviceToken(info.headers());
            if (info.statusCode() != 200) {
                throw problem(stream.awaitResponse(settings.timeout()));
            }
            String type = info.headers().firstValue("Content-Type").orElse("");
            if (!type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                throw ConsoleException.refused("unexpected answer from " + where() + "api/events: " + shown(type)
                        + " instead of an event stream; is --url the mediachange web console?");
            }
        } catch (TimeoutException e) {
            throw noAnswer();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (CancellationException e) {
            throw ConsoleException.unreachable("the live stream was closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConsoleException.unreachable("interrupted");
        }
    }

    /** The console's address, for messages. */
    String where() {
        return Escaper.forDisplay(settings.base().toString());
    }

    private HttpRequest.Builder request(String path) {
        URI uri = settings.base().resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", settings.authorization())
                .header(CSRF_HEADER, CSRF_VALUE).header("User-Agent", "mediachangectl/" + VersionProvider.version());
        // The console then knows this client logged in before: guessing by others does not hold it up.
        devices.token().ifPresent(t -> b.header("Cookie", DEVICE_COOKIE + "=" + t));
        if (!settings.timeout().isZero()) {
            b.timeout(settings.timeout());
        }
        return b;
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws ConsoleException {
        CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(request, info -> new LimitedBody(MAX_ANSWER_BYTES));
        try {
            Duration t = settings.timeout();
            HttpResponse<byte[]> r = t.isZero() ? f.get() : f.get(t.toMillis(), TimeUnit.MILLISECONDS);
            keepDeviceToken(r.headers());
            return r;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw noAnswer();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw ConsoleException.unreachable("interrupted");
        }
    }

    /** Keeps a device token the console sent ({@code Set-Cookie: mediachange-device=...}). */
    private void keepDeviceToken(HttpHeaders headers) {
        for (String c : headers.allValues("Set-Cookie")) {
            if (c.startsWith(DEVICE_COOKIE + "=")) {
                int end = c.indexOf(';');
                devices.update(c.substring(DEVICE_COOKIE.length() + 1, end < 0 ? c.length() : end));
            }
        }
    }

    private ConsoleException noAnswer() {
        return ConsoleException.unreachable("no answer from " + where() + " within "
                + Durations.format(settings.timeout()) + " (--timeout)");
    }

    /** A failure to talk at all: which exit code it means, and what to say. */
    ConsoleException failure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) {
                return ConsoleException.unreachable("cannot reach the web console at " + where() + ": no connection"
                        + " within " + Durations.format(settings.connectTimeout()) + " (--connect-timeout)");
            }
            if (c instanceof HttpTimeoutException) {
                return noAnswer();
            }
            if (c instanceof SSLException) {
                return ConsoleException.refused("TLS with " + where() + " failed: " + tlsProblem(c));
            }
            if (c instanceof UnresolvedAddressException) {
                return ConsoleException.unreachable("cannot reach the web console at " + where() + ": unknown host "
                        + Escaper.forDisplay(settings.base().getHost()));
            }
        }
        String why = t instanceof ConnectException && t.getMessage() == null ? "connection refused"
                : EventStream.reason(t);
        // What the JDK says when an http:// request meets a TLS server, which answers nothing.
        String hint = "http".equals(settings.base().getScheme()) && why.contains("received no bytes")
                ? " (is it an https:// console?)" : "";
        return ConsoleException.unreachable("cannot reach the web console at " + where() + ": " + shown(why) + hint);
    }

    /** What went wrong with TLS, in words for the operator where the JDK's are obscure. */
    private String tlsProblem(Throwable c) {
        StringBuilder all = new StringBuilder();
        for (Throwable x = c; x != null; x = x.getCause()) {
            all.append(x).append(' ');
        }
        if (all.indexOf("PKIX") >= 0 || all.indexOf("certification path") >= 0) {
            return "the console's certificate is not trusted: give it, or the CA that signed it, with --ca-file";
        }
        if (all.indexOf("subject alternative") >= 0 || all.indexOf("No name matching") >= 0) {
            return "the console's certificate does not name " + Escaper.forDisplay(settings.base().getHost())
                    + ", the host in --url";
        }
        return shown(EventStream.reason(c));
    }

    /** A refusal by status: 401, 403, 429, 503, a redirect, or anything else unexpected. */
    private ConsoleException problem(HttpResponse<byte[]> r) {
        int status = r.statusCode();
        if (status == 401) {
            return ConsoleException.refused("login as " + Escaper.forDisplay(settings.operator()) + " at " + where()
                    + " failed: " + said(r, "HTTP 401"));
        }
        if (status == 403 || status == 429) {
            return ConsoleException.refused("the web console at " + where() + " refused: " + said(r, "HTTP " + status));
        }
        if (status == 503) {
            return ConsoleException.busy("the web console at " + where() + " is busy: " + said(r, "HTTP 503"));
        }
        if (status >= 300 && status < 400) {
            return ConsoleException.refused("the web console at " + where() + " redirects to "
                    + shown(r.headers().firstValue("Location").orElse("(nowhere)")) + ": give that as --url");
        }
        if (status == 404) {
            return ConsoleException.refused("no mediachange web console API at " + where() + " (HTTP 404 for "
                    + Escaper.forDisplay(r.uri().getRawPath()) + "): check --url");
        }
        return ConsoleException.refused("unexpected answer from " + where() + ": HTTP " + status + ": "
                + said(r, "(no explanation)"));
    }

    private ConsoleException notTheConsole(HttpResponse<byte[]> r) {
        return ConsoleException.refused("unexpected answer from " + where() + " (HTTP " + r.statusCode() + ", "
                + shown(r.headers().firstValue("Content-Type").orElse("no content type"))
                + "): not the mediachange web console's JSON; check --url");
    }

    /** The console's explanation ({@code {"error": "..."}}), escaped; {@code fallback} if there is none. */
    private static String said(HttpResponse<byte[]> r, String fallback) {
        try {
            Api.Problem p = Api.parse(text(r), Api.Problem.class);
            if (p.error() != null && !p.error().isBlank()) {
                return shown(p.error());
            }
        } catch (JsonParseException e) {
            // not the console's JSON: the fallback says enough
        }
        return fallback;
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Untrusted text for one line on the terminal: escaped and cut short. */
    static String shown(String text) {
        String t = text.length() > MAX_SHOWN_CHARS ? text.substring(0, MAX_SHOWN_CHARS) + "..." : text;
        return Escaper.forDisplay(t);
    }

    /** The console's clock from the {@code Date} header, else ours. */
    private Instant serverTime(HttpHeaders headers) {
        try {
            return headers.firstValue("Date").map(d -> DateTimeFormatter.RFC_1123_DATE_TIME.parse(d, Instant::from))
                    .orElseGet(clock::instant);
        } catch (DateTimeParseException e) {
            return clock.instant();
        }
    }

    private static Duration positive(Duration d) {
        // HttpClient wants a positive connect timeout; zero means "no limit" to the user.
        return d.isZero() ? Duration.ofDays(365) : d;
    }
}
