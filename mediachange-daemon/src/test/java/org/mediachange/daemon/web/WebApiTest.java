package org.mediachange.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.testing.AuditCapture;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.web.filter.SecurityHeadersFilter;
import org.mediachange.daemon.web.http.WebLimits;

/** The web API over real HTTP on loopback: authentication, CSRF, answers, limits and headers. */
@Timeout(60)
class WebApiTest {

    private static final String CSRF = "X-Requested-By";

    @TempDir
    static Path dir;
    private static ScriptedOperator dialog;
    private static RunningWeb web;
    private static String basic;

    @BeforeAll
    static void start() throws Exception {
        dialog = ScriptedOperator.holding();
        web = RunningWeb.start(dialog, dir, WebLimits.DEFAULT);
        basic = RunningWeb.basic(RunningWeb.NAME, RunningWeb.PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        web.close();
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static long awaitPending(String message) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            for (var info : web.server.loop().board().view().pending()) {
                if (info.message().equals(message)) {
                    return info.id();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no pending request " + message);
    }

    @Test
    void withoutCredentialsTheApiAnswers401AndScriptsAreToldAboutBasic() throws Exception {
        HttpResponse<String> r = web.get("/api/requests");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("error").getAsString()).isEqualTo("login required");
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"mediachange\", charset=\"UTF-8\"");
        // The page's own requests get no Basic challenge, so the browser shows no prompt of its own.
        assertThat(web.get("/api/requests", CSRF, "mediachange").headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(web.get("/api/events", "Sec-Fetch-Mode", "cors").headers().firstValue("WWW-Authenticate"))
                .isEmpty();
        assertThat(web.get("/api/events").statusCode()).isEqualTo(401);
        assertThat(web.get("/api/session").statusCode()).isEqualTo(401);
    }

    @Test
    void thePageIsPublicAndEveryResponseCarriesTheSecurityHeaders() throws Exception {
        HttpResponse<String> page = web.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"app.js\" defer></script>").doesNotContain("<script>")
                .doesNotContain("style=");
        assertThat(web.get("/app.js").statusCode()).isEqualTo(200);
        assertThat(web.get("/app.css").statusCode()).isEqualTo(200);
        for (HttpResponse<String> r : List.of(page, web.get("/api/requests"), web.get("/nothing-here"),
                web.post("/login", "{}"))) {
            assertThat(r.headers().firstValue("Content-Security-Policy")).contains(SecurityHeadersFilter.CSP);
            assertThat(SecurityHeadersFilter.CSP).contains("default-src 'self'", "script-src 'self'")
                    .doesNotContain("unsafe-inline");
            assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
        // Unknown paths are not public: 401 until logged in, so probing tells nothing; then 404.
        assertThat(web.get("/nothing-here").statusCode()).isEqualTo(401);
        assertThat(web.get("/nothing-here", "Authorization", basic).statusCode()).isEqualTo(404);
        assertThat(web.get("/api/nothing", "Authorization", basic).statusCode()).isEqualTo(404);
    }

    @Test
    void noCorsIsEverGranted() throws Exception {
        HttpResponse<String> r = web.send(web.request("/api/requests/1/answer")
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-requested-by"));
        assertThat(r.statusCode()).isIn(401, 403, 405);
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void loginGivesAStrictHttpOnlyCookieThatOpensTheApiAndLogoutEndsIt() throws Exception {
        String setCookie = web.login();
        assertThat(setCookie).startsWith("mediachange-session=").contains("; HttpOnly", "; SameSite=Strict",
                "; Path=/", "; Max-Age=43200").doesNotContain("Secure");
        String cookie = RunningWeb.cookie(setCookie);
        HttpResponse<String> session = web.get("/api/session", "Cookie", cookie);
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(json(session).get("operator").getAsString()).isEqualTo("alice");

        assertThat(web.post("/logout", "", "Cookie", cookie).statusCode()).isEqualTo(403);
        HttpResponse<String> out = web.post("/logout", "", "Cookie", cookie, CSRF, "mediachange");
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.headers().firstValue("Set-Cookie")).hasValueSatisfying(v ->
                assertThat(v).startsWith("mediachange-session=;").contains("Max-Age=0"));
        assertThat(web.get("/api/session", "Cookie", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void anAnswerDecidesOnceThen409ThenUnknownIs404() throws Exception {
        try (AuditCapture audit = new AuditCapture(); Peer peer = Peer.connect(web.server.port())) {
            peer.send("mount volume 12\n");
            ScriptedOperator.Shown shown = dialog.next(5);
            long id = awaitPending("mount volume 12");
            String path = "/api/requests/" + id + "/answer";

            HttpResponse<String> list = web.get("/api/requests", "Authorization", basic);
            assertThat(list.statusCode()).isEqualTo(200);
            JsonObject pending = json(list).getAsJsonArray("pending").get(0).getAsJsonObject();
            assertThat(pending.get("id").getAsLong()).isEqualTo(id);
            assertThat(pending.get("peer").getAsString()).isEqualTo("127.0.0.1");
            assertThat(pending.get("message").getAsString()).isEqualTo("mount volume 12");
            assertThat(pending.get("received").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

            HttpResponse<String> noCsrf = web.post(path, "{\"answer\":\"ok\"}", "Authorization", basic);
            assertThat(noCsrf.statusCode()).isEqualTo(403);
            assertThat(web.server.loop().board().pending(id)).isPresent();

            HttpResponse<String> ok = web.post(path, "{\"answer\":\"ok\"}", "Authorization", basic, CSRF,
                    "mediachange");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(json(ok).get("outcome").getAsString()).isEqualTo("ok");
            assertThat(json(ok).get("by").getAsString()).isEqualTo("web:alice");
            assertThat(peer.readAll()).isEqualTo("Ok\n");
            assertThat(shown.awaitWithdrawn(5)).as("the dialog was closed").isTrue();
            assertThat(audit.await(1, 5).get(0)).startsWith("outcome=ok ").contains(" id=" + id + " by=web:alice ");

            HttpResponse<String> again = web.post(path, "{\"answer\":\"cancel\"}", "Authorization", basic, CSRF,
                    "mediachange");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(json(again).get("error").getAsString())
                    .isEqualTo("request " + id + " was already answered Ok by alice");

            HttpResponse<String> recent = web.get("/api/requests", "Authorization", basic);
            JsonObject last = json(recent).getAsJsonArray("recent").get(0).getAsJsonObject();
            assertThat(last.get("id").getAsLong()).isEqualTo(id);
            assertThat(last.get("outcome").getAsString()).isEqualTo("ok");
            assertThat(last.get("by").getAsString()).isEqualTo("web:alice");
        }
        HttpResponse<String> unknown = web.post("/api/requests/999999/answer", "{\"answer\":\"ok\"}", "Authorization",
                basic, CSRF, "mediachange");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").getAsString()).isEqualTo("there is no request 999999");
        assertThat(web.post("/api/requests/1/answer", "{\"answer\":\"maybe\"}", "Authorization", basic, CSRF,
                "mediachange").statusCode()).isEqualTo(400);
        assertThat(web.get("/api/requests/1/answer", "Authorization", basic).statusCode()).isEqualTo(405);
    }

    @Test
    void jsonThatIsNotStrictIs400EvenWithTheRightPassword() throws Exception {
        String pw = "\"" + RunningWeb.PASSWORD + "\"";
        List<String> logins = List.of(
                "{name:\"alice\",\"password\":" + pw + "}",                      // unquoted name
                "{'name':'alice','password':" + pw + "}",                           // single quotes
                "{\"name\":\"alice\",/* hi */\"password\":" + pw + "}",             // comment
                "{\"name\":\"alice\",\"password\":" + pw + "} {}",                 // trailing data
                "{\"name\":\"alice\",\"password\":" + pw + "}x",                   // trailing garbage
                "{\"name\":\"bob\",\"name\":\"alice\",\"password\":" + pw + "}", // duplicate key
                "{\"name\"=\"alice\";\"password\"=>" + pw + "}",                 // = and ; and =>
                "{\"name\":\"alice\",\"password\":" + pw + ",}",                   // trailing comma
                "", "null", "[]");
        for (String body : logins) {
            HttpResponse<String> r = web.post("/login", body, CSRF, "mediachange");
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.headers().firstValue("Set-Cookie")).as(body).isEmpty();
        }
        // Not UTF-8: refused, not read with a replacement character.
        HttpResponse<String> latin1 = web.send(web.request("/login").header(CSRF, "mediachange")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(("{\"name\":\"alice\",\"password\":\"\u00e9\"}")
                        .getBytes(StandardCharsets.ISO_8859_1))));
        assertThat(latin1.statusCode()).isEqualTo(400);
        assertThat(web.post("/login", "{\"name\":\"alice\",\"password\":" + pw + "}", CSRF, "mediachange")
                .statusCode()).isEqualTo(200);

        String path = "/api/requests/999999/answer";
        for (String body : List.of("{answer:\"ok\"}", "{\"answer\":\"ok\"} // ok", "{\"answer\":\"ok\"}{}",
                "{\"answer\":\"cancel\",\"answer\":\"ok\"}", "{\"answer\":\"ok\"} x")) {
            assertThat(web.post(path, body, "Authorization", basic, CSRF, "mediachange").statusCode()).as(body)
                    .isEqualTo(400);
        }
        assertThat(web.post(path, "{\"answer\":\"ok\"}", "Authorization", basic, CSRF, "mediachange").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aBodyLongerThanTheLimitIs413() throws Exception {
        String big = "{\"answer\":\"" + "x".repeat(WebLimits.DEFAULT.maxBodyBytes()) + "\"}";
        HttpResponse<String> r = web.post("/api/requests/1/answer", big, "Authorization", basic, CSRF, "mediachange");
        assertThat(r.statusCode()).isEqualTo(413);
        // Without a length (chunked), the handler's bounded read stops it.
        String chunked = send("POST /login HTTP/1.1\r\nHost: x\r\nX-Requested-By: mediachange\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + "1400\r\n" + "y".repeat(0x1400) + "\r\n0\r\n\r\n");
        assertThat(chunked).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void headersLongerThanTheLimitAreRefused() throws Exception {
        String reply = send("GET /api/requests HTTP/1.1\r\nHost: x\r\nX-Filler: "
                + "z".repeat(WebLimits.DEFAULT.maxHeaderBytes() + 100) + "\r\n\r\n");
        // The JDK server (17.0.11 and later) closes the connection; older ones pass it to the filter: 431.
        assertThat(reply).satisfiesAnyOf(r -> assertThat(r).isEmpty(),
                r -> assertThat(r).startsWith("HTTP/1.1 431 "));
        assertThat(web.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void theAllowListAppliesToTheConsole(@TempDir Path other) throws Exception {
        try (RunningWeb closed = RunningWeb.start(ScriptedOperator.holding(), other, WebLimits.DEFAULT,
                AllowList.parse(List.of("10.0.0.0/8")))) {
            HttpResponse<String> r = closed.get("/");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("this host may not use the console");
        }
    }

    /** Sends raw bytes and returns everything the server answers until it closes or 5 s pass. */
    private static String send(String raw) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), web.web.address().getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (java.io.IOException e) {
                // the server may close before all is sent
            }
            InputStream in = s.getInputStream();
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0;) {
                    got.write(buf, 0, n);
                    if (got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                        break;
                    }
                }
            } catch (java.io.IOException e) {
                // reset or timeout: what came so far is the answer
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
