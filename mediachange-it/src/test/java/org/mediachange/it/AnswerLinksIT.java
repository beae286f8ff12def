package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.dialog.NoDialog;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.testing.AuditCapture;
import org.mediachange.daemon.testing.RunningServer;
import org.mediachange.daemon.web.WebConfig;
import org.mediachange.daemon.web.WebConsole;
import org.mediachange.daemon.web.WebUrl;
import org.mediachange.daemon.web.auth.GuessLimits;
import org.mediachange.daemon.web.auth.OperatorsFile;
import org.mediachange.daemon.web.auth.PasswordHash;
import org.mediachange.daemon.web.auth.ServerSecret;
import org.mediachange.daemon.web.http.WebLimits;

/**
 * Answer links in a real browser, as an operator opens one from a
 * notification on a phone: the confirmation page shows the request and
 * answers nothing by itself; its button answers and {@code mediachangec}
 * exits 0; a second use, a wrong token, a link of an ended request, and a
 * button pressed after someone else answered get a page that says so. The
 * page fits a 360 px phone screen. Saves the screenshot docs/WEB.md shows.
 *
 * <p>The daemon runs in this JVM (the real accept loop and web console,
 * headless as with {@code --dialog none}), because only the notifications,
 * which are not part of this, ever show a link; the client is the real
 * launcher, the browser headless Chromium.
 */
@ExtendWith({OutsideExtension.class, RequiresTools.class, RequiresBrowser.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class AnswerLinksIT {

    private static final String CANARY = "Mount <b>volume</b> 9 <img src=x onerror=\"window.mediachangePwned=1\">";

    private static Outside outside;
    private static Path work;
    private static RunningServer server;
    private static WebConsole web;
    private static Browser browser;
    private static String base;
    /** Request 1's links, for the tests after the first. */
    private static String firstOk;
    private static String firstCancel;
    private static long firstId;

    @BeforeAll
    static void start(Outside scratch) throws Exception {
        outside = scratch;
        work = outside.work();
        Path operators = work.resolve("operators");
        OperatorsFile.setPassword(operators, WebSetup.NAME, PasswordHash.create(WebSetup.PASSWORD.toCharArray()));
        server = RunningServer.start(new NoDialog(), RunningServer.config(AllowList.parse(List.of("127.0.0.0/8"))));
        int port = Outside.freePort();
        base = "http://127.0.0.1:" + port + "/";
        web = WebConsole.start(new WebConfig(new InetSocketAddress("127.0.0.1", port), operators, null, null, false,
                AllowList.parse(List.of("127.0.0.0/8")), WebLimits.DEFAULT, WebUrl.parse(base),
                work.resolve("state").resolve(ServerSecret.FILE_NAME), GuessLimits.DEFAULT), board(),
                Clock.systemUTC());
        browser = Browser.start(work.resolve("browser"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (web != null) {
            web.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static RequestBoard board() {
        return server.loop().board();
    }

    /** Waits up to 20 s for a pending request with {@code message}; returns its id. */
    private static long awaitPending(String message) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - end < 0) {
            for (var info : board().view().pending()) {
                if (info.message().equals(message)) {
                    return info.id();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no pending request '" + message + "' after 20 s");
    }

    private static void awaitClosed(long id) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (board().pending(id).isPresent()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("request " + id + " still pending after 20 s");
            }
            Thread.sleep(10);
        }
    }

    private static String text(String id) {
        return (String) browser.script("var e = document.getElementById(arguments[0]);"
                + " return e && !e.closest('[hidden]') ? e.textContent : null", id);
    }

    /** Opens {@code url} and waits until the page has shown the request or why the link does not work. */
    private static void open(String url) {
        browser.open(url);
        browser.await("showing the request or a problem", 10, () -> {
            String title = text("link-title");
            return title != null && !title.equals("Answer link");
        });
    }

    private static void awaitProblem(String error) {
        browser.await("saying '" + error + "'", 10, () -> error.equals(text("link-error")));
        assertThat(text("link-title")).isEqualTo("This link does not work");
        assertThat(text("link-message")).isNull();
        assertThat(browser.findAll("#link-answer")).allSatisfy(b -> assertThat(b.isDisplayed()).isFalse());
    }

    @Test
    @Order(1)
    void theLinkShowsTheRequestAnswersNothingUntilTheButtonThenTheClientExits0() throws Exception {
        try (AuditCapture audit = new AuditCapture();
                Launched client = outside.client("127.0.0.1", "-p", Integer.toString(server.port()), CANARY)) {
            firstId = awaitPending(CANARY);
            firstOk = web.links().okUrl(firstId).orElseThrow();
            firstCancel = web.links().cancelUrl(firstId).orElseThrow();
            assertThat(firstOk).startsWith(base + "a/");

            open(firstOk);
            assertThat(text("link-title")).isEqualTo("Answer OK to request " + firstId + "?");
            assertThat(browser.driver().getTitle()).isEqualTo("Answer OK to request " + firstId + "? – mediachange");
            assertThat(text("link-message")).isEqualTo(CANARY);
            assertThat(text("link-host")).isEqualTo("127.0.0.1");
            assertThat(browser.find("#link-answer").getText()).isEqualTo("OK");
            assertThat(browser.findAll("#link img, #link b")).isEmpty();
            assertThat(browser.script("return window.mediachangePwned === undefined")).isEqualTo(true);

            // Opening the page (and a reload, as a link preview might) answered nothing.
            browser.driver().navigate().refresh();
            browser.await("showing the request again", 10, () -> CANARY.equals(text("link-message")));
            assertThat(board().pending(firstId)).hasValueSatisfying(p -> assertThat(p.ending()).isEmpty());
            assertThat(client.process().waitFor(500, TimeUnit.MILLISECONDS)).as("client still waiting").isFalse();

            browser.find("#link-answer").click();
            browser.await("saying it answered", 10, () -> "Answered OK".equals(text("link-title")));
            assertThat(text("link-result")).isEqualTo("Request " + firstId + " answered OK. You can close this page.");
            browser.screenshot(Path.of("target", "screenshots", "answer-link-answered.png"));
            assertThat(client.exitCode(20)).isEqualTo(0);
            assertThat(client.stdout()).isEqualTo("Ok\n");
            assertThat(audit.await(1, 10).get(0)).startsWith("outcome=ok ").contains(" id=" + firstId + " by=link ")
                    .doesNotContain(firstOk.substring(firstOk.lastIndexOf('/') + 1));
        }
    }

    @Test
    @Order(2)
    void aSecondUseAndTheOtherLinkOfTheSameRequestAreRefused() throws Exception {
        awaitClosed(firstId);
        open(firstOk);
        awaitProblem("this answer link has been used already");
        browser.screenshot(Path.of("target", "screenshots", "answer-link-used.png"));
        open(firstCancel);
        awaitProblem("this link was not used: request " + firstId + " was already answered Ok through its other link");
    }

    @Test
    @Order(3)
    void aWrongTokenIsRefused() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        open(base + "a/" + Base64.getUrlEncoder().withoutPadding().encodeToString(b));
        awaitProblem("there is no such answer link: it may be mistyped or cut short, or its request ended long ago"
                + " or before the daemon restarted");
        open(firstOk.substring(0, firstOk.length() - 3));
        awaitProblem("there is no such answer link: it may be mistyped or cut short, or its request ended long ago"
                + " or before the daemon restarted");
    }

    @Test
    @Order(4)
    void aLinkOfARequestWithdrawnByItsClientIsRefused() throws Exception {
        String message = "Withdrawn before anyone answered";
        String cancel;
        long id;
        try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(server.port()), message)) {
            id = awaitPending(message);
            cancel = web.links().cancelUrl(id).orElseThrow();
        }
        awaitClosed(id);
        assertThat(web.links().cancelUrl(id)).isEmpty();
        open(cancel);
        awaitProblem("this link was not used: request " + id + " was withdrawn by its client");
    }

    @Test
    @Order(5)
    void onAPhoneThePageFitsAndTheButtonPressedAfterTheOtherLinkAnsweredSaysSo() throws Exception {
        String message = "Please mount tape 7 of the weekly full backup of fileserver /srv/projects";
        try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(server.port()), message)) {
            long id = awaitPending(message);
            open(web.links().okUrl(id).orElseThrow());
            assertThat(text("link-title")).isEqualTo("Answer OK to request " + id + "?");
            browser.size(360, 640);
            long viewport = (Long) browser.script("return document.documentElement.clientWidth");
            assertThat((Long) browser.script("return document.documentElement.scrollWidth"))
                    .as("page width at %d px", viewport).isLessThanOrEqualTo(viewport);
            assertThat(browser.find("#link-answer").getSize().getHeight()).as("a finger-sized button")
                    .isGreaterThanOrEqualTo(40);
            browser.screenshot(Path.of("target", "screenshots", "answer-link-phone.png"));
            browser.size(1280, 900);
            // Meanwhile someone answers Cancel from a notification's action button.
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create(web.links().cancelUrl(id).orElseThrow()))
                            .POST(HttpRequest.BodyPublishers.noBody()).header("X-Requested-By", "mediachange")
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(client.exitCode(20)).isEqualTo(1);
            assertThat(client.stdout()).isEqualTo("Cancel\n");

            browser.find("#link-answer").click();
            awaitProblem("this link was not used: request " + id
                    + " was already answered Cancel through its other link");
        }
    }
}
