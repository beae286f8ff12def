package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.testing.RequiresDisplay;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;

/**
 * The web console in a real browser beside the real X dialog: the daemon from
 * {@code scripts/mediachanged --web}, requests from {@code scripts/mediachangec}
 * and raw sockets, the dialog answered with xdotool, the page with headless
 * Chromium. One answer per request, whichever surface gives it.
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class, RequiresBrowser.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class WebConsoleIT {

    private static Outside outside;
    private static Path work;
    private static Outside.Daemon daemon;
    private static Browser browser;
    private static ConsolePage page;
    private static Api api;

    @BeforeAll
    static void start(Outside scratch) throws Exception {
        outside = scratch;
        work = outside.work();
        Path operators = WebSetup.operators(outside);
        daemon = outside.daemon("--allow", "127.0.0.0/8", "--web", "127.0.0.1:0", "--operators",
                operators.toString());
        String url = WebSetup.url(daemon.process());
        api = new Api(url, WebSetup.NAME, WebSetup.PASSWORD);
        browser = Browser.start(work.resolve("browser"));
        page = new ConsolePage(browser, url);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    @Order(1)
    void theConsoleNeedsALoginAndRefusesAWrongPassword() throws Exception {
        page.open();
        assertThat(page.loginShown()).isTrue();
        assertThat(page.consoleShown()).isFalse();

        page.submitLogin(WebSetup.NAME, "not the password");
        browser.await("saying the password is wrong", 10, () -> !page.loginError().isEmpty());
        assertThat(page.loginError()).isEqualTo("Wrong name or password.");
        assertThat(page.consoleShown()).isFalse();
        assertThat(daemon.process().awaitStdout("login failed for \"alice\" from 127.0.0.1", 10))
                .doesNotContain("not the password");

        page.login(WebSetup.NAME, WebSetup.PASSWORD);
        assertThat(browser.find("#who").getText()).isEqualTo(WebSetup.NAME);
    }

    @Test
    @Order(2)
    void aRequestAppearsWithoutReloadAndOkInThePageAnswersItAndClosesTheDialog() throws Exception {
        page.awaitLive();
        browser.script("window.mediachangeNotReloaded = true");
        String message = "Please mount volume 3 of /dev/nst0";
        try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(daemon.port()), message)) {
            long id = api.awaitPending(message, 20);
            // The page has it within 2 s of the daemon (the stream pushes it; nothing polls).
            page.awaitPending(id, 2);
            assertThat(browser.script("return window.mediachangeNotReloaded === true")).isEqualTo(true);
            assertThat(page.message(id)).isEqualTo(message);
            assertThat(page.title()).isEqualTo("(1) mediachange");
            outside.awaitDialog();

            page.press(id, "ok");
            assertThat(client.exitCode(20)).isZero();
            assertThat(client.stdout()).isEqualTo("Ok\n");
            page.awaitGone(id, 10);
            browser.await("showing it as answered", 10, () -> String.valueOf(page.recent(id)).contains("Ok"));
            assertThat(page.recent(id)).contains("Request " + id + " by alice");
            assertThat(page.title()).isEqualTo("mediachange");
            awaitNoDialog();
            assertThat(daemon.process().awaitStdout("id=" + id + " by=web:alice", 10)).contains("outcome=ok");
        }
    }

    @Test
    @Order(3)
    void answeringTheDialogRemovesTheRequestFromThePage() throws Exception {
        page.awaitLive();
        String message = "Load tape set B";
        try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(daemon.port()), message)) {
            long id = api.awaitPending(message, 20);
            page.awaitPending(id, 10);
            outside.answer("Escape");
            assertThat(client.exitCode(20)).isEqualTo(1);
            assertThat(client.stdout()).isEqualTo("Cancel\n");
            page.awaitGone(id, 10);
            browser.await("showing it as cancelled", 10,
                    () -> String.valueOf(page.recent(id)).contains("on the console dialog"));
            assertThat(page.recent(id)).startsWith("Cancel");
        }
    }

    @Test
    @Order(4)
    void aRequestWithdrawnByItsClientDisappearsFromThePage() throws Exception {
        page.awaitLive();
        String message = "Withdrawn soon";
        long id;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), daemon.port())) {
            OutputStream out = s.getOutputStream();
            out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            id = api.awaitPending(message, 20);
            page.awaitPending(id, 10);
            outside.awaitDialog();
        }
        page.awaitGone(id, 10);
        browser.await("showing it as withdrawn", 10, () -> String.valueOf(page.recent(id)).contains("Withdrawn"));
        awaitNoDialog();
    }

    @Test
    @Order(5)
    void loggingOutEndsTheSession() throws Exception {
        page.awaitLive();
        browser.find("#logout").click();
        browser.await("showing the login form", 10, page::loginShown);
        page.open();
        assertThat(page.loginShown()).isTrue();
        long status = (Long) browser.script("var x = new XMLHttpRequest(); x.open('GET', 'api/requests', false);"
                + " x.setRequestHeader('X-Requested-By', 'mediachange'); x.send(); return x.status");
        assertThat(status).isEqualTo(401);
        page.login(WebSetup.NAME, WebSetup.PASSWORD);
    }

    @Test
    @Order(6)
    void onceAllowedANewRequestChimesAndRaisesADesktopNotification() throws Exception {
        page.awaitLive();
        // Allow notifications for the page's origin, as an operator's click on the browser's prompt would.
        Map<String, Object> grant = new HashMap<>();
        grant.put("origin", page.origin());
        grant.put("permissions", List.of("notifications"));
        ((org.openqa.selenium.chromium.ChromiumDriver) browser.driver()).executeCdpCommand("Browser.grantPermissions",
                grant);
        // Watch what the page does with the browser's notification and sound APIs.
        browser.script("window.mediachangeNotes = []; var N = window.Notification;"
                + " var Spy = function (title, options) { window.mediachangeNotes.push(title + '|' + options.body);"
                + "   return new N(title, options); };"
                + " Object.defineProperty(Spy, 'permission', { get: function () { return N.permission; } });"
                + " Spy.requestPermission = function () { return N.requestPermission(); };"
                + " window.Notification = Spy; window.mediachangeTones = 0;"
                + " var create = AudioContext.prototype.createOscillator;"
                + " AudioContext.prototype.createOscillator = function () { window.mediachangeTones++;"
                + "   return create.call(this); };");
        assertThat(browser.find("#alerts").getText()).isEqualTo("Turn alerts on");
        browser.find("#alerts").click();
        assertThat(browser.find("#alerts").getText()).isEqualTo("Turn alerts off");
        browser.script("window.mediachangeTones = 0");

        String message = "Alert me: mount volume 9";
        try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(daemon.port()), message)) {
            long id = api.awaitPending(message, 20);
            page.awaitPending(id, 10);
            browser.await("notified", 10, () -> ((List<?>) browser.script("return window.mediachangeNotes"))
                    .size() == 1);
            assertThat(browser.script("return window.mediachangeNotes[0]"))
                    .isEqualTo("Request " + id + " from localhost|" + message);
            assertThat((Long) browser.script("return window.mediachangeTones")).isPositive();
            page.press(id, "ok");
            assertThat(client.exitCode(20)).isZero();
            page.awaitGone(id, 10);
        }
        browser.find("#alerts").click();
        assertThat(browser.find("#alerts").getText()).isEqualTo("Turn alerts on");
    }

    @Test
    @Order(7)
    void loggingOutInASecondTabShowsTheLoginFormInTheFirstWithinTwoSeconds() {
        page.awaitLive();
        WebDriver driver = browser.driver();
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        page.open();
        page.awaitLive(); // the same session, from its cookie
        long t0 = System.nanoTime();
        browser.find("#logout").click();
        driver.switchTo().window(first);
        // Its live stream ends with the session: the page shows the login form by itself, without a reload.
        browser.await("showing the login form after the logout in the other tab", 2, page::loginShown);
        long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("the first tab showed the login form %d ms after the logout in the second%n", millis);
        assertThat(browser.find("#status").getText()).isEqualTo("Logged out: you logged out");
        assertThat(millis).isLessThan(2000);
        for (String h : driver.getWindowHandles()) {
            if (!h.equals(first)) {
                driver.switchTo().window(h).close();
            }
        }
        driver.switchTo().window(first);
        page.login(WebSetup.NAME, WebSetup.PASSWORD);
    }

    private static void awaitNoDialog() throws Exception {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (outside.dialogVisible()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("the X dialog is still open after 10 s");
            }
            Thread.sleep(100);
        }
    }
}
