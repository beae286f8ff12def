package org.mediachange.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Audit lines are one line each and parse back into the same keys. */
class AuditLogTest {

    private static InetSocketAddress peer() throws Exception {
        return new InetSocketAddress(InetAddress.getByName("192.168.1.5"), 40312);
    }

    @Test
    void okLineHasEveryField() throws Exception {
        assertThat(AuditLog.format(Outcome.OK, null, peer(), "backup1", "Mount volume 3", 12.3456))
                .isEqualTo("outcome=ok peer=192.168.1.5 port=40312 host=\"backup1\" seconds=12.346"
                        + " msg=\"Mount volume 3\"");
    }

    @Test
    void errorCarriesItsReasonToken() throws Exception {
        assertThat(AuditLog.format(Outcome.ERROR, RequestError.LINE_TOO_LONG, peer(), null, null, 0.002))
                .isEqualTo("outcome=error:line-too-long peer=192.168.1.5 port=40312 seconds=0.002");
    }

    @Test
    void secondsAreWrittenExactlyAsPercentPointThreeF() throws Exception {
        // Near-ties included: 0.0005 steps, which binary doubles land on either side of.
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 20_000; i++) {
            double s = i % 2 == 0 ? random.nextDouble() * 100_000 : random.nextInt(100_000) + 0.0005
                    + random.nextInt(1000) / 1000.0;
            assertThat(AuditLog.format(Outcome.OK, null, peer(), null, null, s))
                    .endsWith(" seconds=" + String.format(java.util.Locale.ROOT, "%.3f", s));
        }
    }

    @Test
    void hostileTextCannotBreakOrForgeALine() throws Exception {
        String evil = "x\" outcome=ok\nFAKE outcome=ok \u001b[2J\\";
        String line = AuditLog.format(Outcome.CANCEL, null, peer(), "h\r\n", evil, 1);
        assertThat(line).doesNotContain("\n", "\r", "\u001b")
                .endsWith(" msg=\"x\\\" outcome=ok\\nFAKE outcome=ok \\x1B[2J\\\\\"")
                .contains("host=\"h\\r\\n\"");
        // A key=value reader gets back exactly the fields written, and the original text.
        java.util.Map<String, String> fields = parse(line);
        assertThat(fields).containsOnlyKeys("outcome", "peer", "port", "host", "seconds", "msg");
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
    void ipv6PeersAreWrittenCompactly() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 5);
        assertThat(AuditLog.format(Outcome.DENIED, null, v6, null, null, 0))
                .isEqualTo("outcome=denied peer=2001:db8::7 port=5 seconds=0.000");
    }
}
