package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.notify.AnswerUrls;
import org.mediachange.daemon.notify.Notifier;
import org.mediachange.daemon.notify.NotifyCommand;
import org.mediachange.daemon.notify.NotifyConfig;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RunningServer;
import org.mediachange.daemon.web.WebConfig;
import org.mediachange.daemon.web.WebConsole;
import org.mediachange.daemon.web.WebUrl;
import org.mediachange.daemon.web.auth.GuessLimits;
import org.mediachange.daemon.web.auth.ServerSecret;
import org.mediachange.daemon.web.http.WebLimits;

/**
 * The ready-made notifiers from the unpacked tarball, run by the daemon's
 * notifier (in this JVM, on a real accept loop on loopback, with a scripted
 * operator) against stand-ins for what they talk to: a local HTTP server for
 * ntfy and for a chat's incoming webhook, a sendmail and a notify-send that
 * record what they got. The ntfy test takes its answer links from the real web
 * console and answers through them; the others, which check only how the links
 * are passed on, take them from {@link StandInAnswerLinks}, whose links exist
 * whether or not the request is still pending.
 *
 * <p>The messages here are ASCII (with quotes, backslashes, markup and
 * control characters): this JVM runs under whatever locale the build has.
 * {@link NotifyLauncherIT} sends UTF-8 text through the installed daemon.
 */
@ExtendWith({OutsideExtension.class, RequiresNotifierTools.class})
@Timeout(120)
class NotifiersIT {

    private Outside outside;
    private Path work;
    private Path notifiers;

    @BeforeEach
    void setUp(Outside outside) throws Exception {
        this.outside = outside;
        this.work = outside.work();
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        notifiers = top.resolve("share/mediachange/notify");
    }

    private static NotifyConfig config(String... argv) {
        return new NotifyConfig(List.of(new NotifyCommand(List.of(argv), Duration.ZERO, Duration.ZERO)),
                NotifyConfig.RUN_LIMIT, NotifyConfig.MAX_RUNNING, NotifyConfig.MAX_QUEUED, NotifyConfig.MAX_OUTPUT);
    }

    /** The daemon's environment with {@code extra} added. */
    private static Map<String, String> env(String... extra) {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    private static long pendingId(RequestBoard board) throws InterruptedException {
        for (int i = 0; i < 500 && board.view().pending().isEmpty(); i++) {
            Thread.sleep(10);
        }
        return board.view().pending().get(0).id();
    }

    /** The daemon's real web console on a free loopback port, with answer links below its address. */
    private WebConsole webConsole(RequestBoard board) throws Exception {
        Path operators = Files.writeString(work.resolve("operators"), "", UTF_8);
        Files.setPosixFilePermissions(operators, PosixFilePermissions.fromString("rw-------"));
        int port = Outside.freePort();
        AllowList loopback = AllowList.parse(List.of("127.0.0.0/8"));
        return WebConsole.start(new WebConfig(new InetSocketAddress("127.0.0.1", port), operators, null, null, false,
                loopback, WebLimits.DEFAULT, WebUrl.parse("http://127.0.0.1:" + port + "/"),
                operators.resolveSibling("state").resolve(ServerSecret.FILE_NAME), GuessLimits.DEFAULT), board,
                Clock.systemUTC());
    }

    @Test
    @SuppressWarnings("unchecked")
    void ntfyPublishesTheRequestWithOkAndCancelButtonsAndTheOkButtonAnswersIt() throws Exception {
        String message = "Mount tape \"B\\2\" & press OK <now>";
        try (StandInHttp ntfy = StandInHttp.start();
                RunningServer server = RunningServer.start(ScriptedOperator.holding());
                WebConsole web = webConsole(server.loop().board());
                Notifier n = Notifier.start(config(notifiers.resolve("ntfy").toString(), ntfy.url() + "/mc-test"),
                        server.loop().board(), web.links(), env("NTFY_TOKEN", "tk_test"));
                Launched client = outside.client("-p", Integer.toString(server.port()), "127.0.0.1", message)) {
            AnswerUrls links = web.links();
            StandInHttp.Request published = ntfy.next(20);
            long id = pendingId(server.loop().board());
            assertThat(published.method()).isEqualTo("POST");
            assertThat(published.path()).isEqualTo("/");
            assertThat(published.header("Authorization")).isEqualTo("Bearer tk_test");
            assertThat(published.header("Content-Type")).isEqualTo("application/json");
            Map<String, Object> json = Json.object(published.body());
            Map<String, Object> csrf = Map.of("X-Requested-By", "mediachange");
            assertThat(json).containsEntry("topic", "mc-test")
                    .containsEntry("title", "Request " + id + " from 127.0.0.1 waits for an answer")
                    .containsEntry("message", Escaper.forLog(message) + "\n(127.0.0.1, 127.0.0.1, 0 s after it arrived)")
                    .containsEntry("priority", new BigDecimal(4))
                    .containsEntry("click", links.consoleUrl().orElseThrow());
            assertThat((List<Object>) json.get("actions")).containsExactly(
                    Map.of("action", "http", "label", "OK", "url", links.okUrl(id).orElseThrow(), "method", "POST",
                            "headers", csrf, "clear", true),
                    Map.of("action", "http", "label", "Cancel", "url", links.cancelUrl(id).orElseThrow(),
                            "method", "POST", "headers", csrf, "clear", true));

            // Tapping OK on the lock screen: the ntfy app POSTs to the OK action's URL with its headers,
            // and the web console's answer link answers the request.
            Map<String, Object> okAction = (Map<String, Object>) ((List<Object>) json.get("actions")).get(0);
            HttpRequest.Builder tap = HttpRequest.newBuilder(URI.create((String) okAction.get("url")))
                    .POST(HttpRequest.BodyPublishers.noBody());
            ((Map<String, Object>) okAction.get("headers")).forEach((k, v) -> tap.header(k, (String) v));
            HttpResponse<Void> tapped = HttpClient.newHttpClient().send(tap.build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(tapped.statusCode()).isEqualTo(200);
            assertThat(client.exitCode(20)).isZero();
            assertThat(client.stdout()).isEqualTo("Ok\n");
            assertThat(server.loop().board().view().recent()).singleElement()
                    .satisfies(c -> assertThat(c.by()).isEqualTo("link"));

            Map<String, Object> closed = Json.object(ntfy.next(20).body());
            assertThat(closed).containsEntry("title", "Request " + id + " from 127.0.0.1 was answered OK")
                    .containsEntry("priority", new BigDecimal(2)).containsEntry("tags", List.of("white_check_mark"))
                    .doesNotContainKey("actions");
            assertThat(ntfy.nothingWithin(500)).isTrue();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void ntfyWithoutAWebConsolePublishesNoButtons() throws Exception {
        try (StandInHttp ntfy = StandInHttp.start();
                RunningServer server = RunningServer.start(ScriptedOperator.always(Decision.CANCEL));
                Notifier n = Notifier.start(config(notifiers.resolve("ntfy").toString()), server.loop().board(),
                        AnswerUrls.NONE, env("NTFY_URL", ntfy.url() + "/from-env"));
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("no links\n").readAll()).isEqualTo("Cancel\n");
            Map<String, Object> json = Json.object(ntfy.next(20).body());
            assertThat(json).containsEntry("topic", "from-env").doesNotContainKeys("actions", "click");
            assertThat(Json.object(ntfy.next(20).body())).containsEntry("tags", List.of("x"))
                    .containsEntry("title", "Request 1 from 127.0.0.1 was answered Cancel");
        }
    }

    @Test
    void mailHasItsHeadersTheMessageAndBothLinks() throws Exception {
        Path spool = Files.createDirectory(work.resolve("spool"));
        Path sendmail = outside.writeScript("sendmail", "#!/bin/sh\n"
                + "f=\"" + spool + "/$(date +%s%N)\"\n"
                + "printf '%s\\n' \"$@\" > \"$f.args\"\n"
                + "cat > \"$f.tmp\" && mv \"$f.tmp\" \"$f.eml\"\n");
        String message = "Mount \"weekly\" set \\ B\u0007 now";
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator);
                StandInAnswerLinks links = StandInAnswerLinks.start(server.loop().board());
                Notifier n = Notifier.start(config(notifiers.resolve("mail").toString(), "-f",
                        "mediachange@example.com", "ops@example.com", "oncall@example.com"), server.loop().board(),
                        links, env("SENDMAIL", sendmail.toString()));
                Peer peer = Peer.connect(server.port())) {
            peer.send(message + "\n");
            ScriptedOperator.Shown shown = operator.next(10);
            long id = pendingId(server.loop().board());
            Mail mail = Mail.await(spool, 1, 20).get(0);
            assertThat(mail.args()).containsExactly("-oi", "-f", "mediachange@example.com", "--", "ops@example.com",
                    "oncall@example.com");
            assertThat(mail.headers()).containsExactly(
                    Map.entry("From", "mediachange@example.com"),
                    Map.entry("To", "ops@example.com, oncall@example.com"),
                    Map.entry("Subject", "[mediachange] request " + id + " from 127.0.0.1 waits for an answer: "
                            + "Mount \\\"weekly\\\" set \\\\ B\\x07 now"),
                    Map.entry("MIME-Version", "1.0"),
                    Map.entry("Content-Type", "text/plain; charset=UTF-8"),
                    Map.entry("Content-Transfer-Encoding", "8bit"),
                    Map.entry("Auto-Submitted", "auto-generated"),
                    Map.entry("X-Mediachange-Event", "new"),
                    Map.entry("X-Mediachange-Id", Long.toString(id)));
            assertThat(mail.body()).startsWith("Request " + id + " from 127.0.0.1 (127.0.0.1) waits for an answer:\n\n"
                    + "    " + Escaper.forLog(message) + "\n\n"
                    + "Answer OK:     " + links.okUrl(id).orElseThrow() + "\n"
                    + "Answer Cancel: " + links.cancelUrl(id).orElseThrow() + "\n"
                    + "Web console:   " + links.consoleUrl().orElseThrow() + "\n\n-- \nmediachanged on ");

            shown.answer(Decision.CANCEL);
            assertThat(peer.readAll()).isEqualTo("Cancel\n");
            Mail closed = Mail.await(spool, 2, 20).get(1);
            assertThat(closed.headers()).containsEntry("Subject", "[mediachange] request " + id
                    + " from 127.0.0.1 was answered Cancel: Mount \\\"weekly\\\" set \\\\ B\\x07 now")
                    .containsEntry("X-Mediachange-Event", "closed");
            assertThat(closed.body()).contains("Outcome (as in the audit log): cancel\n").doesNotContain("Answer OK");
        }
    }

    @Test
    void mailKeepsTheLinesOfALongMessageShortAndTheSubjectShorter() throws Exception {
        Path spool = Files.createDirectory(work.resolve("spool"));
        Path sendmail = outside.writeScript("sendmail", "#!/bin/sh\n"
                + "f=\"" + spool + "/$(date +%s%N)\"\n"
                + "printf '%s\\n' \"$@\" > \"$f.args\"\n"
                + "cat > \"$f.tmp\" && mv \"$f.tmp\" \"$f.eml\"\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 3000; i++) {
            sb.append("word").append(i).append(' ');
        }
        String message = sb.toString().strip();
        try (RunningServer server = RunningServer.start(ScriptedOperator.always(Decision.OK));
                Notifier n = Notifier.start(config(notifiers.resolve("mail").toString(), "ops@example.com"),
                        server.loop().board(), AnswerUrls.NONE, env("SENDMAIL", sendmail.toString()));
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send(message + "\n").readAll()).isEqualTo("Ok\n");
            Mail mail = Mail.await(spool, 1, 20).get(0);
            assertThat(mail.raw().split("\n")).allSatisfy(l -> assertThat(l.getBytes(UTF_8).length).isLessThan(998));
            // The ellipsis makes the subject non-ASCII: RFC 2047 words, each on a folded line of its own.
            assertThat(mail.decoded("Subject")).isEqualTo("[mediachange] request 1 from 127.0.0.1 waits for an answer: "
                    + message.substring(0, 60) + "\u2026");
            assertThat(mail.raw().lines().takeWhile(l -> !l.isEmpty()).dropWhile(l -> !l.startsWith("Subject: "))
                    .takeWhile(l -> l.startsWith("Subject: ") || l.startsWith(" ")))
                    .hasSizeGreaterThan(1).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(78));
            List<String> quoted = mail.body().lines().filter(l -> l.startsWith("    ")).map(l -> l.substring(4))
                    .toList();
            assertThat(quoted).hasSizeGreaterThan(10);
            assertThat(String.join("", quoted)).isEqualTo(message);
            assertThat(mail.body()).contains("Answer it in the mediachanged dialog on the console.");
        }
    }

    @Test
    void webhookPostsOneTextWhoseMarkupIsShownNotObeyed() throws Exception {
        String message = "<!channel> tape & <http://evil.example|click here>";
        try (StandInHttp hook = StandInHttp.start();
                RunningServer server = RunningServer.start(ScriptedOperator.always(Decision.OK));
                StandInAnswerLinks links = StandInAnswerLinks.start(server.loop().board());
                Notifier n = Notifier.start(config(notifiers.resolve("webhook").toString()), server.loop().board(),
                        links, env("WEBHOOK_URL", hook.url() + "/services/T000/B000/XXXX"));
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send(message + "\n").readAll()).isEqualTo("Ok\n");
            StandInHttp.Request posted = hook.next(20);
            assertThat(posted.path()).isEqualTo("/services/T000/B000/XXXX");
            assertThat(posted.header("Content-Type")).isEqualTo("application/json");
            assertThat(Json.object(posted.body())).containsOnlyKeys("text").containsEntry("text",
                    "mediachange: request 1 from 127.0.0.1 (127.0.0.1) waits for an answer:\n"
                            + "> &lt;!channel&gt; tape &amp; &lt;http://evil.example|click here&gt;\n"
                            + "Answer OK: " + links.okUrl(1).orElseThrow() + " | Answer Cancel: "
                            + links.cancelUrl(1).orElseThrow() + "\n"
                            + "Console: " + links.consoleUrl().orElseThrow());
            assertThat(Json.object(hook.next(20).body()).get("text")).asString().startsWith(
                    "mediachange: request 1 from 127.0.0.1 (127.0.0.1) was answered OK after 0 s:\n> &lt;!channel&gt;");
        }
    }

    @Test
    void desktopShowsTheRequestThroughNotifySendAsTextNotMarkup() throws Exception {
        Path bin = Files.createDirectory(work.resolve("bin"));
        Path calls = Files.createDirectory(work.resolve("calls"));
        Path notifySend = bin.resolve("notify-send");
        Files.writeString(notifySend, "#!/bin/sh\nf=\"" + calls + "/$(date +%s%N)\"\n"
                + "printf '%s\\0' \"$@\" > \"$f.tmp\" && mv \"$f.tmp\" \"$f.args\"\n", UTF_8);
        notifySend.toFile().setExecutable(true);
        String message = "-rf <b>bold</b> & more";
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator);
                StandInAnswerLinks links = StandInAnswerLinks.start(server.loop().board());
                Notifier n = Notifier.start(config(notifiers.resolve("desktop").toString()), server.loop().board(),
                        links, env("PATH", bin + ":" + System.getenv("PATH")));
                Peer peer = Peer.connect(server.port())) {
            peer.send(message + "\n");
            ScriptedOperator.Shown shown = operator.next(10);
            List<List<String>> got = awaitCalls(calls, 1);
            assertThat(got.get(0)).containsExactly("--app-name=mediachange", "--icon=media-tape", "--urgency=critical",
                    "--", "Request 1 from 127.0.0.1 waits for an answer",
                    "-rf &lt;b&gt;bold&lt;/b&gt; &amp; more\nConsole: " + links.consoleUrl().orElseThrow());
            shown.answer(Decision.OK);
            assertThat(peer.readAll()).isEqualTo("Ok\n");
            assertThat(awaitCalls(calls, 2).get(1)).containsExactly("--app-name=mediachange", "--icon=media-tape",
                    "--urgency=normal", "--", "Request 1 from 127.0.0.1 was answered OK",
                    "-rf &lt;b&gt;bold&lt;/b&gt; &amp; more");
        }
    }

    private static List<List<String>> awaitCalls(Path dir, int n) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<Path> files;
            try (var s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".args")).sorted().toList();
            }
            if (files.size() >= n) {
                List<List<String>> calls = new java.util.ArrayList<>();
                for (Path f : files) {
                    String all = Files.readString(f, UTF_8);
                    calls.add(List.of(all.substring(0, all.length() - 1).split("\0", -1)));
                }
                return calls;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("notify-send ran " + files.size() + " times, not " + n);
            }
            Thread.sleep(20);
        }
    }
}
