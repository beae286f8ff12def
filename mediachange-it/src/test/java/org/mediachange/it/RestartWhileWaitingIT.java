package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A request outlives the daemon (issue 14, items 1 and 2), from the outside:
 * the real client launcher waits while the console's daemon is stopped with
 * SIGTERM and started again on the same port and state, and gets the
 * operator's answer from the new one, without any option. The new daemon
 * takes it as the same request: same id and age in the web API and in
 * {@code mediachangectl list}, no second {@code new} notification, its answer
 * link from before the restart answers it, one audit line with
 * {@code restarts=1}; the link of a request answered before the restart
 * tells what became of it. Our headless daemon is answered through its web
 * console; the original Perl daemon (which forks a child per request) through
 * its stand-in dialog. Beside ours, the original Perl client and {@code nc}
 * show what they do across the same restart: print {@code Error shutting
 * down} and end. Prints how long the console was away and how soon the
 * waiting client was back, for docs/OPERATIONS.md.
 */
@ExtendWith({OutsideExtension.class, RequiresTools.class})
@Timeout(240)
class RestartWhileWaitingIT {

    /** The original client from "Mastering Perl/Tk", chapter 19, reduced to its exchange (as in LaunchersIT). */
    private static final String PERL_CLIENT = """
            use IO::Socket;
            my ($host, $port, $msg) = @ARGV;
            my $sock = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Proto => 'tcp')
                or die "mediachangec: cannot connect: $!\\n";
            print $sock "$msg\\n";
            print STDOUT <$sock>;
            """;
    /** A line of the notify recorder: event, id, outcome, OK link, Cancel link. */
    private static final Pattern NOTIFIED = Pattern.compile("(?m)^(\\w+) (\\d+) (\\S*) (\\S*) (\\S*)$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String lost(int port, String why) {
        return "mediachangec: lost the console at 127.0.0.1:" + port + " (" + why + ");"
                + " re-sending the request when it is back\n";
    }

    private static String back(int port) {
        return "mediachangec: the console at 127.0.0.1:" + port + " is back; request sent again\n";
    }

    @Test
    void ourDaemonStoppedAndStartedAgainTakesTheWaitingRequestBackAsTheSameRequest(Outside outside) throws Exception {
        Path work = outside.work();
        Path operators = WebSetup.operators(outside);
        int port = Outside.freePort();
        int webPort = Outside.freePort();
        Path notified = work.resolve("notified.txt");
        Path recorder = outside.writeScript("record", "#!/bin/sh\nprintf '%s %s %s %s %s\\n' \"$MEDIACHANGE_EVENT\""
                + " \"$MEDIACHANGE_ID\" \"$MEDIACHANGE_OUTCOME\" \"$MEDIACHANGE_OK_URL\" \"$MEDIACHANGE_CANCEL_URL\""
                + " >> '" + notified + "'\n");
        List<String> daemonArgs = List.of("--dialog", "none", "--allow", "127.0.0.0/8", "--port",
                Integer.toString(port), "--web", "127.0.0.1:" + webPort, "--operators", operators.toString(),
                "--web-url", "http://127.0.0.1:" + webPort, "--notify", recorder.toString(),
                "--state-dir", work.resolve("state").toString());
        Path perlClient = outside.writeScript("mediachangec.pl", PERL_CLIENT);
        String message = "Mount volume 4 of /dev/nst0";
        Outside.Daemon first = headless(outside, daemonArgs);
        try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(port), message);
                Launched earlier = outside.client("127.0.0.1", "-p", Integer.toString(port), "answered before");
                Launched perl = outside.start(List.of("perl", perlClient.toString(), "127.0.0.1",
                        Integer.toString(port), "from the Perl client"));
                Launched nc = outside.start(List.of("sh", "-c", "printf 'from nc\\n' | nc 127.0.0.1 " + port))) {
            long sigterm;
            long stopped;
            long id;
            long earlierId;
            String received;
            String earlierCancelLink;
            String okLink;
            try (first) {
                Api before = new Api(WebSetup.url(first.process()), WebSetup.NAME, WebSetup.PASSWORD);
                id = before.awaitPending(message, 20);
                received = pending(before, id).get("received").getAsString();
                earlierId = before.awaitPending("answered before", 20);
                earlierCancelLink = awaitNotified(notified, "new", earlierId).group(5);
                okLink = awaitNotified(notified, "new", id).group(4);
                assertThat(before.answer(earlierId, "ok").get("outcome").getAsString()).isEqualTo("ok");
                assertThat(earlier.exitCode(20)).isZero();
                before.awaitPending("from the Perl client", 20);
                before.awaitPending("from nc", 20);
                sigterm = System.nanoTime();
                first.process().process().destroy(); // SIGTERM, as service mediachanged restart sends
                assertThat(first.process().process().waitFor(10, TimeUnit.SECONDS)).as("stopped").isTrue();
                stopped = System.nanoTime();
                assertThat(first.process().stdout()).as("a stop is not the end of a waiting request")
                        .doesNotContain("msg=\"" + message + "\"").doesNotContain("outcome=error:shutting-down")
                        .contains("request " + id + " waits for its client to send it again after the restart");
            }
            // The original Perl client and nc do not ask again: they print what they got and end.
            assertThat(perl.exitCode(20)).isZero();
            assertThat(perl.stdout()).isEqualTo("Error shutting down\n");
            assertThat(nc.exitCode(20)).isZero();
            assertThat(nc.stdout()).isEqualTo("Error shutting down\n");
            // Ours waits for the console to come back.
            client.awaitStderr(lost(port, "it is shutting down"), 20);
            assertThat(client.process().isAlive()).as("the client waits for the console").isTrue();

            try (Outside.Daemon second = headless(outside, daemonArgs)) {
                long listening = System.nanoTime();
                assertThat(second.process().stdout()).containsPattern("3 request\\(s\\) waiting when the daemon"
                        + " stopped wait 10m for their clients to send them again: request \\d+, request \\d+,"
                        + " request \\d+");
                String url = WebSetup.url(second.process());
                Api api = new Api(url, WebSetup.NAME, WebSetup.PASSWORD);
                assertThat(api.awaitPending(message, 20)).as("the same id").isEqualTo(id);
                long resent = System.nanoTime();
                client.awaitStderr(back(port), 20);
                assertThat(pending(api, id).get("received").getAsString()).as("the same age").isEqualTo(received);
                assertThat(second.process().stdout()).contains("request " + id + " is back: its client sent it again"
                        + " after the restart");

                long waited = Duration.between(Instant.parse(received), Instant.now()).toSeconds();
                String listed = ctlList(outside, url);
                Matcher list = Pattern.compile("(?m)^" + id + "  pending  (\\d+)s  \\S+ \\(127\\.0\\.0\\.1\\)  "
                        + Pattern.quote(message) + "$").matcher(listed);
                assertThat(list.find()).as("mediachangectl list shows it, with its age: " + listed).isTrue();
                assertThat(Long.parseLong(list.group(1))).isBetween(waited - 1, waited + 3).isGreaterThanOrEqualTo(2);

                // A link made before the restart: that of the request answered then says what became of it...
                HttpResponse<String> gone = get(earlierCancelLink + "/info");
                assertThat(gone.statusCode()).isEqualTo(410);
                assertThat(JsonParser.parseString(gone.body()).getAsJsonObject().get("error").getAsString())
                        .as("names no operator to a link holder")
                        .isEqualTo("this link was not used: request " + earlierId + " was already answered Ok by an"
                                + " operator");
                // ...and that of the waiting request answers it.
                HttpResponse<String> answered = post(okLink);
                assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
                assertThat(client.exitCode(20)).isZero();
                assertThat(client.stdout()).isEqualTo("Ok\n");
                assertThat(client.stderr()).isEqualTo(lost(port, "it is shutting down") + back(port));
                assertThat(second.process().awaitStdout("outcome=ok ", 10)).containsPattern("outcome=ok peer=127\\.0\\.0\\.1"
                        + " port=\\d+ id=" + id + " by=link host=\"[^\"]*\" seconds=\\d+\\.\\d{3} restarts=1 msg=\""
                        + Pattern.quote(message) + "\"");
                awaitNotified(notified, "closed", id);
                assertThat(notifications(notified, "new", id)).as("no second new").hasSize(1);
                assertThat(notifications(notified, "closed", id)).singleElement().asString().startsWith("closed " + id
                        + " ok ");
                System.err.printf("RestartWhileWaitingIT: SIGTERM to exit %.0f ms; SIGTERM to listening again"
                        + " %.0f ms; the waiting client's request pending again %.0f ms after that%n",
                        (stopped - sigterm) / 1e6, (listening - sigterm) / 1e6, (resent - listening) / 1e6);
            }
        }
    }

    @Test
    void theOriginalPerlDaemonStoppedAndStartedAgainAnswersOurWaitingClient(Outside outside) throws Exception {
        OriginalDaemon first = OriginalDaemon.start(outside);
        int port = first.port();
        try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(port), "Bänd 5 – テープ")) {
            try (first) {
                assertThat(first.awaitDialog()).isEqualTo("Bänd 5 – テープ");
            } // its child, which holds the connection, ends with it: the connection closes without an answer
            client.awaitStderr(lost(port, "connection closed without an answer"), 20);
            assertThat(client.process().isAlive()).as("the client waits for the console").isTrue();
            try (OriginalDaemon second = OriginalDaemon.start(outside, port)) {
                assertThat(second.awaitDialog()).isEqualTo("Bänd 5 – テープ");
                client.awaitStderr(back(port), 20);
                second.answer("Cancel");
                assertThat(client.exitCode(20)).isEqualTo(1);
                assertThat(client.stdout()).isEqualTo("Cancel\n");
                assertThat(client.stderr()).isEqualTo(lost(port, "connection closed without an answer")
                        + back(port));
            }
        }
    }

    /** Our daemon without any display, answered from its web console, on fixed ports so it can start again there. */
    private static Outside.Daemon headless(Outside outside, List<String> args) throws Exception {
        Map<String, String> noDisplay = new HashMap<>();
        noDisplay.put("DISPLAY", null);
        return outside.daemon(noDisplay, args.toArray(String[]::new));
    }

    private static JsonObject pending(Api api, long id) throws Exception {
        for (var e : api.requests().getAsJsonArray("pending")) {
            if (e.getAsJsonObject().get("id").getAsLong() == id) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("request " + id + " is not pending");
    }

    private static String ctlList(Outside outside, String url) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", outside.work().toString());
        env.put("USER", WebSetup.NAME);
        env.put("MEDIACHANGE_PASSWORD", WebSetup.PASSWORD);
        Outside.Ran list = outside.run(env, List.of(outside.script("mediachangectl").toString(), "list", "--url",
                url), 60);
        assertThat(list.code()).as(list.err()).isZero();
        return list.out();
    }

    /** The notify runs of {@code event} about request {@code id}, as the recorder wrote them. */
    private static List<String> notifications(Path file, String event, long id) throws Exception {
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, UTF_8)) {
                if (line.startsWith(event + " " + id + " ")) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private static Matcher awaitNotified(Path file, String event, long id) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            for (String line : notifications(file, event, id)) {
                Matcher m = NOTIFIED.matcher(line);
                if (m.matches()) {
                    return m;
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no '" + event + "' run about request " + id + " in 20 s");
            }
            Thread.sleep(20);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Requested-By", "mediachange")
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
    }
}
