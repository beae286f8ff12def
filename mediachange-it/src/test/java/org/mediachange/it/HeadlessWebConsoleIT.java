package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.mediachange.common.text.Escaper;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * A headless daemon ({@code --dialog none}, no {@code DISPLAY} at all) answered
 * from the web console only: a request from {@code mediachangec} answered in
 * the page; hostile text (the Big List of Naughty Strings and script
 * canaries) shown literally and never run; the page on a 360 px phone screen.
 * Saves the screenshots the README shows.
 */
@ExtendWith({OutsideExtension.class, RequiresTools.class, RequiresBrowser.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class HeadlessWebConsoleIT {

    /** Up to this many requests are open at once (the daemon's per-source cap is raised to match). */
    private static final int BATCH = 60;
    private static final List<String> CANARIES = List.of(
            "<img src=x onerror=\"window.mediachangePwned='img'\">",
            "<script>window.mediachangePwned='script'</script>",
            "\"><svg onload=\"window.mediachangePwned='svg'\">",
            "<iframe src=\"javascript:parent.mediachangePwned='iframe'\"></iframe>",
            "</p><b>bold?</b><a href=\"javascript:window.mediachangePwned='a'\">x</a>",
            "${alert(1)} {{constructor.constructor('window.mediachangePwned=1')()}}");

    private static Outside outside;
    private static Path work;
    private static Outside.Daemon daemon;
    private static Browser browser;
    private static ConsolePage page;
    private static Api api;

    private static Path operators;
    /** Fixed ports, so that a restarted daemon is where the page looks for it. */
    private static int requestPort;
    private static int webPort;

    @BeforeAll
    static void start(Outside scratch) throws Exception {
        outside = scratch;
        work = outside.work();
        operators = WebSetup.operators(outside);
        requestPort = Outside.freePort();
        webPort = Outside.freePort();
        daemon = startDaemon();
        String url = WebSetup.url(daemon.process());
        api = new Api(url, WebSetup.NAME, WebSetup.PASSWORD);
        browser = Browser.start(work.resolve("browser"));
        page = new ConsolePage(browser, url);
        page.open();
        page.login(WebSetup.NAME, WebSetup.PASSWORD);
    }

    private static Outside.Daemon startDaemon() throws Exception {
        Map<String, String> noDisplay = new HashMap<>();
        noDisplay.put("DISPLAY", null);
        return outside.daemon(noDisplay, "--dialog", "none", "--allow", "127.0.0.0/8", "--port",
                Integer.toString(requestPort), "--web", "127.0.0.1:" + webPort, "--operators", operators.toString(),
                "--web-url", "http://127.0.0.1:" + webPort,
                "--max-pending", "" + (BATCH + 4), "--max-per-source", "" + (BATCH + 4),
                // The same state after a restart: the console's secret, so the page's session stays good.
                "--state-dir", work.resolve("daemon-state").toString());
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
    void withoutDisplayARequestIsAnsweredInThePage() throws Exception {
        assertThat(daemon.process().stdout()).doesNotContain("DISPLAY")
                .contains("answer links on http://127.0.0.1:" + webPort + "/a/...");
        String message = "Headless: mount volume 7";
        try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(daemon.port()), message)) {
            long id = api.awaitPending(message, 20);
            page.awaitPending(id, 10);
            page.press(id, "cancel");
            assertThat(client.exitCode(20)).isEqualTo(1);
            assertThat(client.stdout()).isEqualTo("Cancel\n");
            page.awaitGone(id, 10);
            assertThat(daemon.process().awaitStdout("id=" + id + " by=web:alice", 10)).contains("outcome=cancel");
        }
    }

    @Test
    @Order(3)
    void naughtyStringsAndScriptCanariesShowLiterallyAndRunNothing() throws Exception {
        List<String> messages = new ArrayList<>(CANARIES);
        Path blns = Path.of(System.getProperty("mediachange.root", "..")).resolve("scripts/test-data/blns/blns.json");
        JsonArray list = JsonParser.parseString(Files.readString(blns, StandardCharsets.UTF_8)).getAsJsonArray();
        list.forEach(e -> {
            String s = e.getAsString();
            // One line each, as the protocol carries; a blank request is refused before it is shown.
            if (!s.isBlank() && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
                messages.add(s);
            }
        });
        assertThat(messages).hasSizeGreaterThan(400);
        int shown = 0;
        for (int from = 0; from < messages.size(); from += BATCH) {
            shown += showBatch(messages.subList(from, Math.min(messages.size(), from + BATCH)));
        }
        assertThat(shown).isEqualTo(messages.size());
    }

    /** Sends each message as a request, checks how the page shows them, then withdraws them all. */
    private int showBatch(List<String> batch) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (String m : batch) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), daemon.port());
                sockets.add(s);
                OutputStream out = s.getOutputStream();
                out.write((m + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            Map<Long, String> ids = new LinkedHashMap<>();
            for (String m : batch) {
                ids.put(api.awaitPending(m, 20), m);
            }
            browser.await("showing " + batch.size() + " requests", 20, () -> page.pendingIds().size() == batch.size());
            for (Map.Entry<Long, String> e : ids.entrySet()) {
                assertThat(page.message(e.getKey())).as("request %d", e.getKey())
                        .isEqualTo(Escaper.forDisplay(e.getValue()));
            }
            assertNothingRan();
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        browser.await("without the withdrawn requests", 30, () -> page.pendingIds().isEmpty());
        assertNothingRan();
        return batch.size();
    }

    private static void assertNothingRan() {
        assertThat(browser.script("return window.mediachangePwned === undefined")).isEqualTo(true);
        assertThat(browser.findAll("#pending img, #pending script, #pending svg, #pending iframe, #pending a,"
                + " #pending b, #recent img, #recent script, #recent svg, #recent iframe, #recent a, #recent b"))
                .isEmpty();
        try {
            String text = browser.driver().switchTo().alert().getText();
            throw new AssertionError("a message opened an alert: " + text);
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    @Test
    @Order(2)
    void onA360PixelPhoneTheButtonsFitWithoutSideways() throws Exception {
        String longMessage = "Please mount the next volume of the monthly full backup of fileserver"
                + " /srv/projects/" + "x".repeat(120) + " and press OK";
        List<Socket> sockets = new ArrayList<>();
        try {
            for (String m : List.of(longMessage, "Tape drive 2 needs cleaning: insert the cleaning cartridge")) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), daemon.port());
                sockets.add(s);
                s.getOutputStream().write((m + "\n").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                page.awaitPending(api.awaitPending(m, 20), 10);
            }
            browser.size(1100, 760);
            browser.await("laid out", 5, () -> true);
            Thread.sleep(1500); // ages tick, the arrival highlight fades: a calm picture
            browser.screenshot(Path.of("target", "screenshots", "web-console.png"));

            browser.size(360, 740);
            long viewport = (Long) browser.script("return document.documentElement.clientWidth");
            assertThat(viewport).isLessThanOrEqualTo(360);
            long scroll = (Long) browser.script("return document.documentElement.scrollWidth");
            assertThat(scroll).as("page width at %d px", viewport).isLessThanOrEqualTo(viewport);
            List<WebElement> buttons = browser.findAll("#pending button");
            assertThat(buttons).hasSize(4);
            for (WebElement b : buttons) {
                assertThat(b.isDisplayed()).isTrue();
                double right = ((Number) browser.script("return arguments[0].getBoundingClientRect().right", b))
                        .doubleValue();
                double left = ((Number) browser.script("return arguments[0].getBoundingClientRect().left", b))
                        .doubleValue();
                assertThat(left).isGreaterThanOrEqualTo(0);
                assertThat(right).as("button %s", b.getText()).isLessThanOrEqualTo(viewport);
                assertThat(b.getSize().getHeight()).as("a finger-sized button").isGreaterThanOrEqualTo(40);
            }
            browser.screenshot(Path.of("target", "screenshots", "web-console-phone.png"));
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            browser.size(1280, 900);
        }
    }

    @Test
    @Order(4)
    void afterADaemonRestartThePageReconnectsByItself() throws Exception {
        page.awaitLive();
        browser.script("window.mediachangeNotReloaded = true");
        daemon.process().process().destroy(); // SIGTERM
        assertThat(daemon.process().exitCode(10)).isEqualTo(143);
        browser.await("saying the connection is lost", 20,
                () -> browser.find("#status").getText().startsWith("Connection lost"));
        daemon = startDaemon();
        page.awaitLive();
        assertThat(browser.script("return window.mediachangeNotReloaded === true")).isEqualTo(true);
        String message = "After the restart";
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), daemon.port())) {
            s.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            long id = api.awaitPending(message, 20);
            page.awaitPending(id, 10);
        }
    }
}
