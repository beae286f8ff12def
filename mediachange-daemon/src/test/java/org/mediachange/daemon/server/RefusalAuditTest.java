package org.mediachange.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.audit.RefusalLimiter;
import org.mediachange.daemon.dialog.DialogSurface;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.dialog.WhenDialogFails;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.testing.AuditCapture;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RunningServer;
import org.slf4j.LoggerFactory;

/**
 * Floods of refused connections over loopback: past the rate, a source's
 * {@code Denied} and {@code Busy} are summarised instead of logged one by one,
 * every refusal is still counted, and the summary comes when the flood stops.
 * Short windows here (2 s, 3 lines per source) keep the tests quick; the
 * counting itself is tested with a clock of its own in RefusalLimiterTest.
 */
@Timeout(60)
class RefusalAuditTest {

    @RegisterExtension
    final AuditCapture audit = new AuditCapture();

    private static final int FLOOD = 40;
    private static final RefusalLimiter.Limits LIMITS = new RefusalLimiter.Limits(Duration.ofSeconds(2), 3, 100, 100);
    private static final Pattern SUMMARY =
            Pattern.compile("outcome=(denied|busy) peer=(\\S+) suppressed=(\\d+) seconds=2\\.000");

    private static AuditLog limitedAuditLog() {
        return new AuditLog(LoggerFactory.getLogger(AuditLog.LOGGER_NAME),
                new RefusalLimiter(LIMITS, System::nanoTime));
    }

    private static ServerConfig config(AllowList allow, int maxPerSource) {
        return RunningServer.loopback().allowList(allow).maxPerSource(maxPerSource).build();
    }

    private static InetAddress ip(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    /** Refusals from {@code peer} accounted for: own lines plus the suppressed counts of its summaries. */
    private static int accountedFor(List<String> lines, String outcome, String peer) {
        int n = 0;
        for (String line : lines) {
            Matcher m = SUMMARY.matcher(line);
            if (m.matches() && m.group(1).equals(outcome) && m.group(2).equals(peer)) {
                n += Integer.parseInt(m.group(3));
            } else if (line.startsWith("outcome=" + outcome + " peer=" + peer + " port=")) {
                n++;
            }
        }
        return n;
    }

    /** Waits (at most 15 s) until {@code n} refusals from {@code peer} are accounted for; returns the lines. */
    private static List<String> awaitAccounted(AuditCapture audit, int n, String outcome, String peer)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (accountedFor(audit.lines(), outcome, peer) < n) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("expected " + n + " " + outcome + " from " + peer + " within 15 s, got "
                        + audit.lines());
            }
            Thread.sleep(20);
        }
        return audit.lines();
    }

    @Test
    void aDeniedFloodIsSummarisedOnceItStopsAndAnotherSourceKeepsItsLine() throws Exception {
        AllowList onlyElsewhere = AllowList.parse(List.of("10.0.0.0/8"));
        try (RunningServer server = RunningServer.start(ScriptedOperator.always(Decision.OK),
                        config(onlyElsewhere, 8), limitedAuditLog())) {
            for (int i = 0; i < FLOOD; i++) {
                try (Peer p = Peer.connect(InetAddress.getLoopbackAddress(), server.port(), ip("127.0.0.2"))) {
                    assertThat(p.send("let me in\n").readAll()).isEqualTo("Denied\n");
                }
            }
            try (Peer p = Peer.connect(InetAddress.getLoopbackAddress(), server.port(), ip("127.0.0.3"))) {
                assertThat(p.readAll()).isEqualTo("Denied\n");
            }
            // No refusal follows: the timer must write the summary when the window ends.
            List<String> lines = awaitAccounted(audit, FLOOD, "denied", "127.0.0.2");
            assertThat(accountedFor(lines, "denied", "127.0.0.2")).isEqualTo(FLOOD);
            List<String> own = lines.stream().filter(l -> l.startsWith("outcome=denied peer=127.0.0.2 port=")).toList();
            List<String> summaries = lines.stream().filter(l -> SUMMARY.matcher(l).matches()).toList();
            assertThat(own).hasSizeLessThan(FLOOD / 2); // 3 per 2 s window
            assertThat(summaries).isNotEmpty().allMatch(l -> l.startsWith("outcome=denied peer=127.0.0.2 "));
            assertThat(lines).filteredOn(l -> l.startsWith("outcome=denied peer=127.0.0.3 port=")).hasSize(1);
        }
    }

    @Test
    void aBusyFloodPastMaxPerSourceIsSummarisedToo() throws Exception {
        ScriptedOperator operator = ScriptedOperator.holding();
        try (RunningServer server = RunningServer.start(operator,
                        config(AllowList.parse(List.of("127.0.0.0/8")), 1), limitedAuditLog());
                Peer held = Peer.connect(server.port()).send("held\n")) {
            operator.next(5);
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                try (Peer p = Peer.connect(server.port())) {
                    replies.add(p.send("one too many\n").readAll());
                }
            }
            assertThat(replies).containsOnly("Busy\n");
            List<String> lines = awaitAccounted(audit, FLOOD, "busy", "127.0.0.1");
            assertThat(accountedFor(lines, "busy", "127.0.0.1")).isEqualTo(FLOOD);
            assertThat(lines).filteredOn(l -> l.startsWith("outcome=busy peer=127.0.0.1 port="))
                    .hasSizeLessThan(FLOOD / 2);
        }
    }

    @Test
    void aRefusalIsAuditedWithTheAgeOfItsConnection() throws Exception {
        // Regression: Denied and Busy were audited with seconds=0 whatever the connection's age.
        // A clock that moves 250 ms on every reading, so the age is never 0.
        long[] now = {System.nanoTime()};
        LongSupplier slowClock = () -> now[0] += 250_000_000L;
        ScriptedOperator operator = ScriptedOperator.holding();
        RequestBoard board = new RequestBoard();
        ServerConfig tenOnly = config(AllowList.parse(List.of("10.0.0.0/8", "127.0.0.2")), 1);
        try (AuditLog log = new AuditLog();
                DialogSurface dialog = DialogSurface.attach(board, operator, WhenDialogFails.END_REQUEST)) {
            AcceptLoop loop = AcceptLoop.bind(tenOnly, HostNames.addressesOnly(), log, board, slowClock);
            Thread t = loop.start();
            try (Peer denied = Peer.connect(loop.localAddress().getPort());
                    Peer held = Peer.connect(InetAddress.getLoopbackAddress(), loop.localAddress().getPort(),
                            ip("127.0.0.2"))) {
                assertThat(denied.readAll()).isEqualTo("Denied\n");
                assertThat(audit.awaitLine("outcome=denied ", 5)).matches("outcome=denied peer=127\\.0\\.0\\.1 port=\\d+"
                        + " seconds=0\\.250");
                held.send("hold the only slot of 127.0.0.2\n");
                operator.next(5);
                try (Peer busy = Peer.connect(InetAddress.getLoopbackAddress(), loop.localAddress().getPort(),
                        ip("127.0.0.2"))) {
                    assertThat(busy.readAll()).isEqualTo("Busy\n");
                }
                assertThat(audit.awaitLine("outcome=busy ", 5)).matches("outcome=busy peer=127\\.0\\.0\\.2 port=\\d+"
                        + " seconds=0\\.250");
            } finally {
                loop.stop();
                t.join(5000);
            }
        }
    }
}
