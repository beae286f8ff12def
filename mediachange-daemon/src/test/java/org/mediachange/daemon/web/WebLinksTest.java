package org.mediachange.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.AnswerResult;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.requests.PendingRequest;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.testing.AuditCapture;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.web.auth.GuessLimits;
import org.mediachange.daemon.web.filter.SecurityHeadersFilter;
import org.mediachange.daemon.web.http.Http;
import org.mediachange.daemon.web.http.WebLimits;
import org.mediachange.daemon.web.links.LinkToken;
import org.slf4j.LoggerFactory;

/**
 * Answer links over real HTTP on loopback: POST with the token answers (as
 * ntfy's http action would), GET never does, a token is used once and only
 * for its answer, links of ended requests and unknown ones get a clear 410 or
 * 404, guessing is slowed per address and logged, and no token reaches a log.
 * Each test has a console of its own, so the guesses of one never throttle
 * another.
 */
@Timeout(60)
class WebLinksTest {

    private static final URI WEB_URL = WebUrl.parse("https://console.example.org:8443");
    private static final String CSRF = "X-Requested-By";
    private static final String UNKNOWN = "there is no such answer link: it may be mistyped or cut short, or its"
            + " request ended long ago or before the daemon restarted";

    @TempDir
    Path dir;

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static String error(HttpResponse<String> r) {
        return json(r).get("error").getAsString();
    }

    /** The token of a link, checked to be below --web-url. */
    private static String token(String url) {
        assertThat(url).startsWith(WEB_URL + "a/");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static long awaitPending(RunningWeb web, String message) throws InterruptedException {
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

    private static void awaitClosed(RunningWeb web, long id) throws InterruptedException {
        for (int i = 0; i < 500 && web.server.loop().board().pending(id).isPresent(); i++) {
            Thread.sleep(10);
        }
        assertThat(web.server.loop().board().pending(id)).as("request %d still pending", id).isEmpty();
    }

    private static HttpResponse<String> answer(RunningWeb web, String token) throws Exception {
        return web.post("/a/" + token, "", CSRF, "mediachange");
    }

    private static String randomToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Test
    void aPostWithTheTokenAnswersAsNtfysHttpActionWould() throws Exception {
        ScriptedOperator dialog = ScriptedOperator.holding();
        try (RunningWeb web = RunningWeb.withLinks(dialog, dir, WEB_URL); AuditCapture audit = new AuditCapture();
                Peer peer = Peer.connect(web.server.port())) {
            peer.send("mount volume 12\n");
            ScriptedOperator.Shown shown = dialog.next(5);
            long id = awaitPending(web, "mount volume 12");
            String ok = token(web.web.links().okUrl(id).orElseThrow());

            // ntfy: "http, OK, <url>, method=POST, headers.X-Requested-By=mediachange" (no body by default)
            HttpResponse<String> r = web.send(web.request("/a/" + ok).POST(HttpRequest.BodyPublishers.noBody())
                    .header(CSRF, "mediachange").header("User-Agent", "ntfy/2.11.0"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains(Http.JSON);
            assertThat(json(r).get("id").getAsLong()).isEqualTo(id);
            assertThat(json(r).get("answer").getAsString()).isEqualTo("ok");
            assertThat(json(r).get("message").getAsString()).isEqualTo("request " + id + " answered Ok");
            assertThat(peer.readAll()).isEqualTo("Ok\n");
            assertThat(shown.awaitWithdrawn(5)).as("the dialog was closed").isTrue();
            String line = audit.await(1, 5).get(0);
            assertThat(line).startsWith("outcome=ok ").contains(" id=" + id + " by=link ").doesNotContain(ok);
        }
    }

    @Test
    void openingALinkNeverAnswersAndAPostNeedsTheCsrfHeader() throws Exception {
        ScriptedOperator dialog = ScriptedOperator.holding();
        try (RunningWeb web = RunningWeb.withLinks(dialog, dir, WEB_URL);
                Peer peer = Peer.connect(web.server.port())) {
            peer.send("Please mount <b>volume</b> 3\n");
            ScriptedOperator.Shown shown = dialog.next(5);
            long id = awaitPending(web, "Please mount <b>volume</b> 3");
            String cancel = token(web.web.links().cancelUrl(id).orElseThrow());

            HttpResponse<String> page = web.get("/a/" + cancel);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(page.body()).contains("<script src=\"../link.js\" defer></script>")
                    .doesNotContain("<script>").doesNotContain("style=").doesNotContain(cancel)
                    .doesNotContain("volume");
            assertThat(page.headers().firstValue("Content-Security-Policy")).contains(SecurityHeadersFilter.CSP);
            assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(page.headers().firstValue("X-Robots-Tag")).contains("noindex, nofollow");
            assertThat(web.send(web.request("/a/" + cancel).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                    .statusCode()).isEqualTo(200);
            assertThat(web.get("/link.js").statusCode()).isEqualTo(200);

            HttpResponse<String> info = web.get("/a/" + cancel + "/info");
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(info.headers().firstValue("Cache-Control")).contains("no-store");
            JsonObject d = json(info);
            assertThat(d.get("id").getAsLong()).isEqualTo(id);
            assertThat(d.get("answer").getAsString()).isEqualTo("cancel");
            assertThat(d.get("message").getAsString()).isEqualTo("Please mount <b>volume</b> 3");
            assertThat(d.get("host").getAsString()).isEqualTo("127.0.0.1");
            assertThat(d.get("peer").getAsString()).isEqualTo("127.0.0.1");
            assertThat(d.get("received").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

            // Without the header a POST answers nothing, and the link still works.
            assertThat(web.post("/a/" + cancel, "").statusCode()).isEqualTo(403);
            assertThat(web.send(web.request("/a/" + cancel).method("PUT", HttpRequest.BodyPublishers.noBody())
                    .header(CSRF, "mediachange")).statusCode()).isEqualTo(405);
            assertThat(web.post("/a/" + cancel + "/info", "", CSRF, "mediachange").statusCode()).isEqualTo(405);
            assertThat(dialog.nextWithin(200)).isEmpty();
            assertThat(shown.withdrawn()).isFalse();
            assertThat(web.server.loop().board().pending(id)).hasValueSatisfying(p ->
                    assertThat(p.ending()).isEmpty());
            assertThat(web.get("/a/" + cancel + "/info").statusCode()).isEqualTo(200);

            assertThat(answer(web, cancel).statusCode()).isEqualTo(200);
            assertThat(peer.readAll()).isEqualTo("Cancel\n");
        }
    }

    @Test
    void aTokenIsUsedOnceAndAnOkTokenCannotAnswerCancel() throws Exception {
        try (RunningWeb web = RunningWeb.withLinks(ScriptedOperator.holding(), dir, WEB_URL);
                Peer peer = Peer.connect(web.server.port())) {
            peer.send("mount volume 5\n");
            long id = awaitPending(web, "mount volume 5");
            String ok = token(web.web.links().okUrl(id).orElseThrow());
            String cancel = token(web.web.links().cancelUrl(id).orElseThrow());

            // The token alone says what to answer: a body asking for Cancel changes nothing.
            HttpResponse<String> first = web.post("/a/" + ok, "{\"answer\":\"cancel\"}", CSRF, "mediachange",
                    "Content-Type", "application/json");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(json(first).get("answer").getAsString()).isEqualTo("ok");
            assertThat(peer.readAll()).isEqualTo("Ok\n");

            HttpResponse<String> again = answer(web, ok);
            assertThat(again.statusCode()).isEqualTo(410);
            assertThat(error(again)).isEqualTo("this answer link has been used already");
            HttpResponse<String> other = answer(web, cancel);
            assertThat(other.statusCode()).isEqualTo(410);
            assertThat(error(other)).isEqualTo("this link was not used: request " + id
                    + " was already answered Ok through its other link");

            awaitClosed(web, id);
            assertThat(web.web.links().okUrl(id)).isEmpty();
            assertThat(web.web.links().liveCount()).isZero();
            assertThat(web.get("/a/" + ok).statusCode()).isEqualTo(410);
            assertThat(error(web.get("/a/" + ok + "/info"))).isEqualTo("this answer link has been used already");
            assertThat(answer(web, ok).statusCode()).isEqualTo(410);
            HttpResponse<String> late = web.get("/a/" + cancel + "/info");
            assertThat(late.statusCode()).isEqualTo(410);
            assertThat(error(late)).isEqualTo("this link was not used: request " + id
                    + " was already answered Ok through its other link");
        }
    }

    @Test
    void linksOfARequestThatEndedOtherwiseSayWhatEndedIt() throws Exception {
        try (RunningWeb web = RunningWeb.withLinks(ScriptedOperator.holding(), dir, WEB_URL)) {
            String okOfAnswered;
            long answered;
            try (Peer peer = Peer.connect(web.server.port())) {
                peer.send("answered in the console\n");
                answered = awaitPending(web, "answered in the console");
                okOfAnswered = token(web.web.links().okUrl(answered).orElseThrow());
                assertThat(web.post("/api/requests/" + answered + "/answer", "{\"answer\":\"ok\"}", "Authorization",
                        RunningWeb.basic(RunningWeb.NAME, RunningWeb.PASSWORD), CSRF, "mediachange").statusCode())
                        .isEqualTo(200);
                assertThat(peer.readAll()).isEqualTo("Ok\n");
            }
            HttpResponse<String> r = answer(web, okOfAnswered);
            assertThat(r.statusCode()).isEqualTo(410);
            // An operator's name is never told to a link holder.
            assertThat(error(r)).isEqualTo("this link was not used: request " + answered
                    + " was already answered Ok by an operator");
            assertThat(error(web.get("/a/" + okOfAnswered + "/info"))).doesNotContain("alice");

            long withdrawn;
            String cancelOfWithdrawn;
            try (Peer peer = Peer.connect(web.server.port())) {
                peer.send("withdrawn by its client\n");
                withdrawn = awaitPending(web, "withdrawn by its client");
                cancelOfWithdrawn = token(web.web.links().cancelUrl(withdrawn).orElseThrow());
            }
            awaitClosed(web, withdrawn);
            HttpResponse<String> page = web.get("/a/" + cancelOfWithdrawn);
            assertThat(page.statusCode()).isEqualTo(410);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            HttpResponse<String> info = web.get("/a/" + cancelOfWithdrawn + "/info");
            assertThat(info.statusCode()).isEqualTo(410);
            assertThat(error(info)).isEqualTo("this link was not used: request " + withdrawn
                    + " was withdrawn by its client");
        }
    }

    /**
     * The race: the OK link is pressed in the moment after its Cancel link answered, while the
     * request is decided but not yet closed (the connection is still writing the answer). Made
     * to happen every time by holding the request on the board between its answer and its close.
     */
    @Test
    void aLinkThatLostTheRaceSaysItWasNotUsedAndWhatWon() throws Exception {
        try (RunningWeb web = RunningWeb.withLinks(ScriptedOperator.holding(), dir, WEB_URL)) {
            RequestBoard board = web.server.loop().board();
            PendingRequest r = board.open("192.0.2.7", "backup7", "mount volume 7");
            String ok = token(web.web.links().okUrl(r.id()).orElseThrow());
            String cancel = token(web.web.links().cancelUrl(r.id()).orElseThrow());
            assertThat(answer(web, cancel).statusCode()).isEqualTo(200);
            assertThat(board.pending(r.id())).isPresent(); // decided, not yet closed

            String lost = "this link was not used: request " + r.id()
                    + " was already answered Cancel through its other link";
            HttpResponse<String> late = answer(web, ok);
            assertThat(late.statusCode()).isEqualTo(410);
            assertThat(error(late)).isEqualTo(lost);
            // Looked at again: still not "used already", since it answered nothing.
            assertThat(error(web.get("/a/" + ok + "/info"))).isEqualTo(lost);
            assertThat(error(answer(web, ok))).isEqualTo(lost);
            assertThat(error(answer(web, cancel))).isEqualTo("this answer link has been used already");
            board.close(r, r.ending().orElseThrow(), true);
            assertThat(error(web.get("/a/" + ok + "/info"))).isEqualTo(lost);
            assertThat(error(web.get("/a/" + cancel + "/info"))).isEqualTo("this answer link has been used already");
        }
    }

    @Test
    void noOperatorIsNamedToALinkHolder() throws Exception {
        try (RunningWeb web = RunningWeb.withLinks(ScriptedOperator.holding(), dir, WEB_URL)) {
            RequestBoard board = web.server.loop().board();
            PendingRequest r = board.open("192.0.2.8", "backup8", "mount volume 8");
            String ok = token(web.web.links().okUrl(r.id()).orElseThrow());
            String cancel = token(web.web.links().cancelUrl(r.id()).orElseThrow());
            assertThat(board.answer(r.id(), Decision.CANCEL, Answerer.operator("alice")).status())
                    .isEqualTo(AnswerResult.Status.ANSWERED);
            List<HttpResponse<String>> seen = new ArrayList<>();
            seen.add(web.get("/a/" + ok + "/info")); // decided, still pending
            seen.add(answer(web, ok));               // the race, against an operator
            board.close(r, r.ending().orElseThrow(), true);
            seen.add(web.get("/a/" + ok + "/info"));
            seen.add(web.get("/a/" + cancel + "/info"));
            seen.add(answer(web, cancel));
            seen.add(web.get("/a/" + cancel));
            for (HttpResponse<String> x : seen) {
                assertThat(x.statusCode()).isEqualTo(410);
                assertThat(x.body()).doesNotContain("alice");
            }
            assertThat(error(seen.get(1))).isEqualTo("this link was not used: request " + r.id()
                    + " was already answered Cancel by an operator");
            assertThat(error(seen.get(4))).isEqualTo("this link was not used: request " + r.id()
                    + " was already answered Cancel by an operator");
        }
    }

    @Test
    void anUnknownTokenGetsA404PageThatSaysSo() throws Exception {
        try (RunningWeb web = RunningWeb.withLinks(ScriptedOperator.holding(), dir, WEB_URL)) {
            String t = randomToken();
            HttpResponse<String> page = web.get("/a/" + t);
            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).contains(SecurityHeadersFilter.CSP);
            HttpResponse<String> info = web.get("/a/" + t + "/info");
            assertThat(info.statusCode()).isEqualTo(404);
            assertThat(error(info)).isEqualTo(UNKNOWN);
            assertThat(answer(web, t).statusCode()).isEqualTo(404);
            assertThat(error(web.get("/a/not-a-token/info"))).isEqualTo(UNKNOWN);
        }
    }

    @Test
    void withoutAWebUrlThereAreNoLinks() throws Exception {
        try (RunningWeb web = RunningWeb.start(ScriptedOperator.holding(), dir, WebLimits.DEFAULT);
                Peer peer = Peer.connect(web.server.port())) {
            peer.send("no links\n");
            long id = awaitPending(web, "no links");
            assertThat(web.web.links().consoleUrl()).isEmpty();
            assertThat(web.web.links().okUrl(id)).isEmpty();
            assertThat(web.web.links().cancelUrl(id)).isEmpty();
            assertThat(web.get("/a/" + randomToken() + "/info").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void plainHttpToAnotherHostIsWarnedAbout() throws Exception {
        ListAppender<ILoggingEvent> log = capture("org.mediachange.daemon.web.WebConsole");
        try {
            try (RunningWeb web = RunningWeb.withLinks(ScriptedOperator.holding(), dir,
                    WebUrl.parse("http://console.example.org:8980"))) {
                assertThat(web.web.links().consoleUrl()).contains("http://console.example.org:8980/");
            }
            try (RunningWeb web = RunningWeb.withLinks(ScriptedOperator.holding(), dir,
                    WebUrl.parse("http://127.0.0.1:8980"))) {
                assertThat(web.web.links().consoleUrl()).contains("http://127.0.0.1:8980/");
            }
            try (RunningWeb web = RunningWeb.withLinks(ScriptedOperator.holding(), dir, WEB_URL)) {
                assertThat(web.web.links().consoleUrl()).contains("https://console.example.org:8443/");
            }
        } finally {
            release(log, "org.mediachange.daemon.web.WebConsole");
        }
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("--web-url http://console.example.org:8980/ is plain http to a host other than this"
                        + " one: answer links would cross the network in clear text, and anyone who reads one on the"
                        + " way can answer with it; use https");
    }

    @Test
    void theLinksAppearNowhereInTheConsole() throws Exception {
        try (RunningWeb web = RunningWeb.withLinks(ScriptedOperator.holding(), dir, WEB_URL);
                Peer peer = Peer.connect(web.server.port())) {
            peer.send("secret links\n");
            long id = awaitPending(web, "secret links");
            String ok = token(web.web.links().okUrl(id).orElseThrow());
            String cancel = token(web.web.links().cancelUrl(id).orElseThrow());
            HttpResponse<String> list = web.get("/api/requests", "Authorization",
                    RunningWeb.basic(RunningWeb.NAME, RunningWeb.PASSWORD));
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("secret links").doesNotContain(ok).doesNotContain(cancel)
                    .doesNotContain("/a/");
        }
    }

    @Test
    void everyLoopbackAddressIsOneSourceForTheThrottle() throws Exception {
        try (RunningWeb web = RunningWeb.withLinks(ScriptedOperator.holding(), dir, WEB_URL)) {
            for (int i = 0; i < 10; i++) {
                InetAddress from = InetAddress.getByName("127.0.0." + (10 + i));
                assertThat(rawGet(web, from, "/a/" + randomToken() + "/info")).startsWith("HTTP/1.1 404 ");
            }
            // A local user has all of 127.0.0.0/8: another of its addresses is no fresh start.
            assertThat(rawGet(web, InetAddress.getByName("127.0.0.99"), "/a/" + randomToken() + "/info"))
                    .startsWith("HTTP/1.1 429 ");
            assertThat(web.get("/a/" + randomToken() + "/info").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void guessingIsSlowedPerAddressAndLogged() throws Exception {
        ListAppender<ILoggingEvent> log = capture("org.mediachange.daemon.web.links.LinkHandler");
        // Each loopback address its own source here, so that 127.0.0.2 stands for another host.
        try (RunningWeb web = RunningWeb.with(ScriptedOperator.holding(), dir).webUrl(WEB_URL)
                .guess(GuessLimits.DEFAULT.withLoopbackAsOne(false)).start();
                Peer peer = Peer.connect(web.server.port())) {
            peer.send("guess me\n");
            long id = awaitPending(web, "guess me");
            String ok = token(web.web.links().okUrl(id).orElseThrow());
            List<String> guesses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                guesses.add(randomToken());
                assertThat(web.get("/a/" + guesses.get(i) + "/info").statusCode()).as("guess %d", i).isEqualTo(404);
            }
            // Now even the right token waits: the address must stop guessing first.
            HttpResponse<String> throttled = web.get("/a/" + ok + "/info");
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
            assertThat(error(throttled)).isEqualTo("too many unknown links from this address: try again in 1 s");
            assertThat(answer(web, ok).statusCode()).isEqualTo(429);
            assertThat(web.get("/a/" + ok).statusCode()).isEqualTo(429);
            // Another address is not slowed down.
            assertThat(rawGet(web, InetAddress.getByName("127.0.0.2"), "/a/" + ok + "/info"))
                    .startsWith("HTTP/1.1 200 ");
            Thread.sleep(1100); // the wait it was told
            assertThat(answer(web, ok).statusCode()).isEqualTo(200);
            assertThat(peer.readAll()).isEqualTo("Ok\n");

            List<String> lines = messages(log);
            assertThat(lines).contains("web console: unknown answer link #" + LinkToken.fingerprint(guesses.get(0))
                    + " from 127.0.0.1 (1 failure(s) in a row from there)");
            assertThat(lines).contains("web console: unknown answer link #" + LinkToken.fingerprint(guesses.get(9))
                    + " from 127.0.0.1 (10 failure(s) in a row from there)");
            assertThat(lines).contains("web console: answer link #" + LinkToken.fingerprint(ok) + " from 127.0.0.1"
                    + " refused unchecked: too many unknown links from there, 1 s to wait");
            assertThat(lines).contains("web console: request " + id + " answered ok through answer link #"
                    + LinkToken.fingerprint(ok) + " from 127.0.0.1");
        } finally {
            release(log, "org.mediachange.daemon.web.links.LinkHandler");
        }
    }

    /**
     * Every log line, at every level, including the JDK server's own (which logs
     * request lines at debug level unless the console keeps it quiet).
     */
    @Test
    void noTokenEverReachesALog() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        root.setLevel(Level.ALL);
        java.util.logging.Logger jdk = java.util.logging.Logger.getLogger("com.sun.net.httpserver");
        java.util.logging.Level jdkLevel = jdk.getLevel();
        List<String> jdkLines = new CopyOnWriteArrayList<>();
        Handler jdkHandler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                jdkLines.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()) + " "
                        + r.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jdkHandler.setLevel(java.util.logging.Level.ALL);
        jdk.addHandler(jdkHandler);
        jdk.setLevel(java.util.logging.Level.ALL);
        List<String> tokens = new ArrayList<>();
        try (AuditCapture audit = new AuditCapture();
                RunningWeb web = RunningWeb.withLinks(ScriptedOperator.holding(), dir, WEB_URL)) {
            for (String answer : List.of("ok", "cancel")) {
                try (Peer peer = Peer.connect(web.server.port())) {
                    peer.send("log test " + answer + "\n");
                    long id = awaitPending(web, "log test " + answer);
                    String mine = token((answer.equals("ok") ? web.web.links().okUrl(id)
                            : web.web.links().cancelUrl(id)).orElseThrow());
                    String other = token((answer.equals("ok") ? web.web.links().cancelUrl(id)
                            : web.web.links().okUrl(id)).orElseThrow());
                    tokens.addAll(List.of(mine, other));
                    web.get("/a/" + mine);
                    web.get("/a/" + mine + "/info");
                    assertThat(web.post("/a/" + mine, "").statusCode()).isEqualTo(403);
                    assertThat(answer(web, mine).statusCode()).isEqualTo(200);
                    assertThat(answer(web, mine).statusCode()).isEqualTo(410);
                    assertThat(answer(web, other).statusCode()).isEqualTo(410);
                    peer.readAll();
                    awaitClosed(web, id);
                    assertThat(answer(web, other).statusCode()).isEqualTo(410);
                }
            }
            String unknown = randomToken();
            tokens.add(unknown);
            assertThat(web.get("/a/" + unknown).statusCode()).isEqualTo(404);
            assertThat(audit.await(2, 5)).allSatisfy(l -> assertThat(l).contains(" by=link "));
        } finally {
            root.detachAppender(log);
            root.setLevel(rootLevel);
            jdk.removeHandler(jdkHandler);
            jdk.setLevel(jdkLevel);
        }
        List<String> lines = new ArrayList<>(messages(log));
        lines.addAll(jdkLines);
        assertThat(lines).as("log lines").isNotEmpty();
        for (String t : tokens) {
            assertThat(lines).as("log lines with token %s", t).noneMatch(l -> l.contains(t));
        }
        assertThat(lines).anyMatch(l -> l.contains("refused POST /a/#" + LinkToken.fingerprint(tokens.get(0))
                + " from 127.0.0.1: no X-Requested-By header"));
        assertThat(lines).anyMatch(l -> l.contains("unknown answer link #" + LinkToken.fingerprint(tokens.get(4))));
    }

    private static ListAppender<ILoggingEvent> capture(String logger) {
        ListAppender<ILoggingEvent> a = new ListAppender<>();
        a.start();
        ((Logger) LoggerFactory.getLogger(logger)).addAppender(a);
        return a;
    }

    private static void release(ListAppender<ILoggingEvent> a, String logger) {
        ((Logger) LoggerFactory.getLogger(logger)).detachAppender(a);
    }

    /** Every message with its stack trace, if any. */
    private static List<String> messages(ListAppender<ILoggingEvent> a) {
        synchronized (a) {
            return a.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                    .toList();
        }
    }

    /** A GET sent from {@code from} (another loopback address); returns the status line and headers. */
    private static String rawGet(RunningWeb web, InetAddress from, String path) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(web.web.address(), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
