package org.mediachange.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.server.ServerConfig;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RunningServer;
import org.mediachange.daemon.web.http.WebLimits;

/** The live stream: snapshot, events, keep-alive; bounded in number; a stalled one never holds up an answer. */
@Timeout(120)
class WebEventsTest {

    /** Short keep-alive and stall limits, few streams, a small queue. */
    private static final WebLimits LIMITS = new WebLimits(64, 3, 4096, 16 * 1024, Duration.ofSeconds(10),
            Duration.ofSeconds(30), 8, Duration.ofSeconds(1), Duration.ofSeconds(1));

    @TempDir
    Path dir;

    /** Opens /api/events with HTTP Basic on a raw socket and returns it after the response headers. */
    private static Socket openStream(RunningWeb web, int receiveBuffer) throws Exception {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(web.web.address());
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + RunningWeb.basic(RunningWeb.NAME, RunningWeb.PASSWORD) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    private static String readUntil(BufferedReader in, String text) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String line; (line = in.readLine()) != null;) {
            sb.append(line).append('\n');
            if (line.contains(text)) {
                return sb.toString();
            }
        }
        throw new AssertionError("stream ended without '" + text + "': " + sb);
    }

    @Test
    void theStreamStartsWithASnapshotThenTellsArrivalsEndingsAndKeepsAlive() throws Exception {
        ScriptedOperator dialog = ScriptedOperator.holding();
        try (RunningWeb web = RunningWeb.start(dialog, dir, LIMITS); Socket s = openStream(web, 0)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String head = readUntil(in, "event: snapshot");
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream")
                    .contains("retry: 2000");
            assertThat(readUntil(in, "data:")).contains("\"pending\":[]");
            try (Peer peer = Peer.connect(web.server.port())) {
                peer.send("mount <b>volume</b> 4\n");
                String opened = readUntil(in, "data:");
                assertThat(opened).contains("event: opened").contains("mount \\u003cb\\u003evolume\\u003c/b\\u003e 4");
                dialog.next(5).answer(Decision.OK);
                assertThat(peer.readAll()).isEqualTo("Ok\n");
            }
            String closed = readUntil(in, "data:");
            assertThat(closed).contains("event: closed").contains("\"outcome\":\"ok\"").contains("\"by\":\"dialog\"");
            assertThat(readUntil(in, ": keep-alive")).isNotEmpty();
        }
    }

    @Test
    void streamsBeyondTheLimitGet503() throws Exception {
        try (RunningWeb web = RunningWeb.start(ScriptedOperator.holding(), dir, LIMITS)) {
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < LIMITS.maxStreams(); i++) {
                    Socket s = openStream(web, 0);
                    open.add(s);
                    readUntil(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)),
                            "event: snapshot");
                }
                HttpResponse<String> r = web.get("/api/events", "Authorization",
                        RunningWeb.basic(RunningWeb.NAME, RunningWeb.PASSWORD));
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).contains("too many live streams");
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aStreamThatStopsReadingIsDroppedAndNeverHoldsUpAnAnswer() throws Exception {
        ScriptedOperator dialog = ScriptedOperator.holding();
        ServerConfig longLines = RunningServer.loopback().maxLineBytes(100_000).build();
        try (RunningWeb web = RunningWeb.start(dialog, dir, LIMITS, AllowList.parse(List.of("127.0.0.0/8")),
                longLines); Socket stalled = openStream(web, 4096)) {
            awaitStreams(web, 1);
            // Never read from it. Large events, more than the kernel's socket buffers hold (a few MB):
            // its writes stall or its queue overflows, and it is dropped.
            String filler = "z".repeat(90_000);
            for (int round = 0; round < 3000 && web.web.openStreams() > 0; round++) {
                try (Peer peer = Peer.connect(web.server.port())) {
                    peer.send("round " + round + " " + filler + "\n");
                    ScriptedOperator.Shown shown = dialog.next(5);
                    String prefix = "round " + round + " ";
                    long id = web.server.loop().board().view().pending().stream()
                            .filter(r -> r.message().startsWith(prefix)).findFirst().orElseThrow().id();
                    assertThat(web.post("/api/requests/" + id + "/answer", "{\"answer\":\"ok\"}", "Authorization",
                            RunningWeb.basic(RunningWeb.NAME, RunningWeb.PASSWORD), "X-Requested-By", "mediachange")
                            .statusCode()).isEqualTo(200);
                    assertThat(peer.readAll()).isEqualTo("Ok\n");
                    assertThat(shown.awaitWithdrawn(5)).isTrue();
                }
            }
            awaitStreams(web, 0);
        }
    }

    private static void awaitStreams(RunningWeb web, int n) throws InterruptedException {
        for (int i = 0; i < 3000 && web.web.openStreams() != n; i++) {
            Thread.sleep(10);
        }
        assertThat(web.web.openStreams()).isEqualTo(n);
    }
}
