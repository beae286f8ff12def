package org.mediachange.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestError;
import org.mediachange.daemon.model.RequestInfo;

/** Audit lines are one line each and parse back into the same keys. */
class AuditLogTest {

    private static InetSocketAddress peer() throws Exception {
        return new InetSocketAddress(InetAddress.getByName("192.168.1.5"), 40312);
    }

    @Test
    void okLineHasEveryField() throws Exception {
        RequestInfo request = new RequestInfo(12, Instant.EPOCH, "192.168.1.5", "backup1", "Mount volume 3");
        assertThat(AuditLog.format(AuditEntry.of(request, Ending.answered(Decision.OK, Answerer.operator("alice")),
                true, peer(), 12.3456)))
                .isEqualTo("outcome=ok peer=192.168.1.5 port=40312 id=12 by=web:alice host=\"backup1\""
                        + " seconds=12.346 msg=\"Mount volume 3\"");
    }

    @Test
    void aRequestThatOutlivedARestartSaysHowManyBeforeItsMessage() throws Exception {
        RequestInfo request = new RequestInfo(12, Instant.EPOCH, "192.168.1.5", "backup1", "Mount volume 3", 1);
        assertThat(AuditLog.format(AuditEntry.of(request, Ending.answered(Decision.OK, Answerer.DIALOG), true, peer(),
                7980.1234))).isEqualTo("outcome=ok peer=192.168.1.5 port=40312 id=12 by=dialog host=\"backup1\""
                        + " seconds=7980.123 restarts=1 msg=\"Mount volume 3\"");
        assertThat(AuditLog.format(AuditEntry.of(new RequestInfo(13, Instant.EPOCH, "192.168.1.5", "backup1", "m", 2),
                Ending.WITHDRAWN, true, peer(), 600))).isEqualTo("outcome=withdrawn peer=192.168.1.5 port=40312"
                        + " id=13 host=\"backup1\" seconds=600.000 restarts=2 msg=\"m\"");
    }

    @Test
    void theLineInTheDocsIsTheLineWritten() throws Exception {
        // README.md and docs/PROTOCOL.md show this line; log readers rely on its shape.
        RequestInfo request = new RequestInfo(12, Instant.EPOCH, "127.0.0.1", "localhost", "Please mount volume 3");
        assertThat(AuditLog.format(AuditEntry.of(request, Ending.answered(Decision.OK, Answerer.DIALOG), true,
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 56634), 5.801)))
                .isEqualTo("outcome=ok peer=127.0.0.1 port=56634 id=12 by=dialog host=\"localhost\" seconds=5.801"
                        + " msg=\"Please mount volume 3\"");
    }

    @Test
    void anAnswerThatCouldNotBeSentNamesItAndWhoGaveIt() throws Exception {
        RequestInfo request = new RequestInfo(3, Instant.EPOCH, "192.168.1.5", "backup1", "m");
        assertThat(AuditLog.format(AuditEntry.of(request, Ending.answered(Decision.OK, Answerer.LINK), false,
                peer(), 1))).startsWith("outcome=undeliverable:ok peer=192.168.1.5 port=40312 id=3 by=link ");
        assertThat(AuditLog.format(AuditEntry.of(request, Ending.failed(RequestError.SHUTTING_DOWN), false,
                peer(), 1))).startsWith("outcome=undeliverable:shutting-down peer=192.168.1.5 port=40312 id=3 host=");
    }

    @Test
    void errorCarriesItsReasonToken() throws Exception {
        assertThat(AuditLog.format(AuditEntry.refusal(Ending.failed(RequestError.LINE_TOO_LONG), peer(), null, 0.002)))
                .isEqualTo("outcome=error:line-too-long peer=192.168.1.5 port=40312 seconds=0.002");
    }

    @Test
    void secondsAreWrittenExactlyAsPercentPointThreeF() throws Exception {
        // Near-ties included: 0.0005 steps, which binary doubles land on either side of.
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 20_000; i++) {
            double s = i % 2 == 0 ? random.nextDouble() * 100_000 : random.nextInt(100_000) + 0.0005
                    + random.nextInt(1000) / 1000.0;
            assertThat(AuditLog.format(AuditEntry.refusal(Ending.TIMED_OUT, peer(), null, s)))
                    .endsWith(" seconds=" + String.format(java.util.Locale.ROOT, "%.3f", s));
        }
    }

    @Test
    void hostileTextCannotBreakOrForgeALine() throws Exception {
        String evil = "x\" outcome=ok\nFAKE outcome=ok \u001b[2J\\";
        String line = AuditLog.format(new AuditEntry(Ending.answered(Decision.CANCEL, Answerer.DIALOG), true, peer(), 0,
                "h\r\n", evil, 1));
        assertThat(line).doesNotContain("\n", "\r", "\u001b")
                .endsWith(" msg=\"x\\\" outcome=ok\\nFAKE outcome=ok \\x1B[2J\\\\\"")
                .contains("host=\"h\\r\\n\"");
        // A key=value reader gets back exactly the fields written, and the original text.
        java.util.Map<String, String> fields = parse(line);
        assertThat(fields).containsOnlyKeys("outcome", "peer", "port", "by", "host", "seconds", "msg");
        assertThat(fields.get("outcome")).isEqualTo("cancel");
        assertThat(fields.get("msg")).isEqualTo(evil);
        assertThat(fields.get("host")).isEqualTo("h\r\n");
    }

    /** Reads {@code key=value} and {@code key="escaped value"} pairs, as a log shipper would. */
    static java.util.Map<String, String> parse(String line) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        int i = 0;
        while (i < line.length()) {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq);
            StringBuilder v = new StringBuilder();
            int j = eq + 1;
            if (line.charAt(j) == '"') {
                j++;
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j++);
                    if (c != '\\') {
                        v.append(c);
                        continue;
                    }
                    char e = line.charAt(j++);
                    switch (e) {
                        case 'n' -> v.append('\n');
                        case 'r' -> v.append('\r');
                        case 't' -> v.append('\t');
                        case 'x' -> {
                            v.append((char) Integer.parseInt(line.substring(j, j + 2), 16));
                            j += 2;
                        }
                        case 'u' -> {
                            v.append((char) Integer.parseInt(line.substring(j, j + 4), 16));
                            j += 4;
                        }
                        default -> v.append(e);
                    }
                }
                j++;
            } else {
                while (j < line.length() && line.charAt(j) != ' ') {
                    v.append(line.charAt(j++));
                }
            }
            if (out.put(key, v.toString()) != null) {
                throw new AssertionError("duplicate key " + key + " in " + line);
            }
            i = j + 1;
        }
        return out;
    }

    @Test
    void summaryLineSaysHowManyFromWhereInHowLong() {
        String line = AuditLog.formatSummary(new RefusalLimiter.Summary(Ending.TurnedAway.DENIED, "10.1.2.3", 8466, 10.0));
        assertThat(line).isEqualTo("outcome=denied peer=10.1.2.3 suppressed=8466 seconds=10.000");
        assertThat(parse(line)).containsExactly(java.util.Map.entry("outcome", "denied"),
                java.util.Map.entry("peer", "10.1.2.3"), java.util.Map.entry("suppressed", "8466"),
                java.util.Map.entry("seconds", "10.000"));
        assertThat(AuditLog.formatSummary(new RefusalLimiter.Summary(Ending.TurnedAway.BUSY, "2001:db8:1:2::/64", 3, 2.5)))
                .isEqualTo("outcome=busy peer=2001:db8:1:2::/64 suppressed=3 seconds=2.500");
    }

    /** Refusals through an audit log on a clock the test moves, written to a list. */
    private static final class Refusals implements AutoCloseable {
        final long[] now = {0};
        final ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("test.audit." + System.identityHashCode(this));
        final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        final AuditLog audit;

        Refusals() {
            appender.start();
            logger.setAdditive(false);
            logger.addAppender(appender);
            audit = new AuditLog(logger, new RefusalLimiter(RefusalLimiter.Limits.DEFAULT, () -> now[0]));
        }

        java.util.List<String> lines() {
            synchronized (appender) {
                return appender.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                        .toList();
            }
        }

        @Override
        public void close() {
            audit.close();
            logger.detachAppender(appender);
        }
    }

    @Test
    void refusalsPastTheRateBecomeOneSummaryAndCloseWritesIt() throws Exception {
        try (Refusals r = new Refusals()) {
            for (int i = 0; i < 25; i++) {
                r.audit.refused(Ending.TurnedAway.BUSY, new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 1000 + i), 0);
            }
            assertThat(r.lines()).hasSize(10).allMatch(l -> l.startsWith("outcome=busy peer=10.1.2.3 port=10"));
            r.now[0] += 4_000_000_000L;
            r.audit.close(); // e.g. at shutdown, 4 s into the window
            assertThat(r.lines()).hasSize(11)
                    .last().isEqualTo("outcome=busy peer=10.1.2.3 suppressed=15 seconds=4.000");
            // After close, nothing would write a summary: every refusal has its line again.
            r.audit.refused(Ending.TurnedAway.BUSY, new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 2000), 0);
            assertThat(r.lines()).hasSize(12).last().asString().startsWith("outcome=busy peer=10.1.2.3 port=2000 ");
        }
    }

    @Test
    void acceptedRequestsAreNeverLimited() throws Exception {
        try (Refusals r = new Refusals()) {
            for (int i = 0; i < 500; i++) {
                r.audit.record(new AuditEntry(Ending.answered(Decision.OK, Answerer.DIALOG), true, peer(), i + 1, "h", "m", 1));
            }
            assertThat(r.lines()).hasSize(500);
        }
    }

    @Test
    void ipv6PeersAreWrittenCompactly() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 5);
        assertThat(AuditLog.format(AuditEntry.refusal(Ending.TurnedAway.DENIED, v6, null, 0)))
                .isEqualTo("outcome=denied peer=2001:db8::7 port=5 seconds=0.000");
    }
}
