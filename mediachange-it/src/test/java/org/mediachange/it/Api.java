package org.mediachange.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** The web console's API, as a script would use it (HTTP Basic on loopback). */
final class Api {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String auth;

    Api(String url, String name, String password) {
        this.url = url;
        this.auth = "Basic " + Base64.getEncoder().encodeToString((name + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /api/requests}. */
    JsonObject requests() throws Exception {
        return requests(Duration.ofSeconds(10));
    }

    /**
     * {@code GET /api/requests}, waiting up to {@code timeout} for the answer: the first check
     * of a password (PBKDF2, slow by design) can take long on a busy machine; the daemon then
     * remembers the credentials for a while.
     */
    JsonObject requests(Duration timeout) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "api/requests"))
                .header("Authorization", auth).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /api/requests: " + r.statusCode() + " " + r.body());
        }
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** {@code POST /api/requests/ID/answer} with {@code answer} ("ok" or "cancel"); fails unless it is 200. */
    JsonObject answer(long id, String answer) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "api/requests/" + id + "/answer"))
                .header("Authorization", auth).header("X-Requested-By", "mediachange")
                .POST(HttpRequest.BodyPublishers.ofString("{\"answer\":\"" + answer + "\"}", StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new AssertionError("POST answer " + answer + " to request " + id + ": " + r.statusCode() + " "
                    + r.body());
        }
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** Waits up to {@code seconds} for a pending request with {@code message}; returns its id. */
    long awaitPending(String message, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            // The whole wait is the bound, not requests()'s 10 s: the first password check of a
            // daemon that has just started (PBKDF2, slow by design) is slower still on a busy machine.
            Duration left = Duration.ofNanos(Math.max(end - System.nanoTime(), TimeUnit.SECONDS.toNanos(5)));
            for (var e : requests(left).getAsJsonArray("pending")) {
                JsonObject o = e.getAsJsonObject();
                if (o.get("message").getAsString().equals(message)) {
                    return o.get("id").getAsLong();
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no pending request '" + message + "' after " + seconds + " s");
            }
            Thread.sleep(10);
        }
    }
}
