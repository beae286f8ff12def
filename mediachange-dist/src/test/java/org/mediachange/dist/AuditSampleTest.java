package org.mediachange.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mediachange.daemon.audit.AuditEntry;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.model.Ending;

/**
 * Issue 16: every sample audit line of a request in the documentation is what {@link AuditLog} writes for its
 * values, key for key and in that order; a request that was answered has its {@code id=} and {@code by=}
 * (OPERATIONS.md's sample lacked both). Issue 14: one sample shows a request that outlived a restart.
 */
class AuditSampleTest {

    private static final List<String> DOCUMENTS = List.of("README.md", "docs/OPERATIONS.md", "docs/PROTOCOL.md",
            "docs/WEB.md", "docs/INTEGRATIONS.md", "docs/RELIABILITY.md",
            "mediachange-dist/src/main/man/mediachanged.adoc");
    /** A request's line: from "outcome=" on, with a port (refusal summaries have none) and a message. */
    private static final Pattern REQUEST_LINE = Pattern.compile("outcome=\\S+ peer=\\S+ port=\\d+ .*msg=\".*\"$");
    private static final Pattern PAIR = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

    @Test
    void eachSampleIsWhatTheAuditLogWrites() throws Exception {
        List<String> samples = new ArrayList<>();
        for (String document : DOCUMENTS) {
            for (String line : Markdown.read(document).lines()) {
                Matcher m = REQUEST_LINE.matcher(line);
                if (m.find()) {
                    samples.add(document + ": " + m.group());
                }
            }
        }
        assertThat(samples).as("samples found").hasSizeGreaterThanOrEqualTo(3);
        assertThat(samples).as("a sample of a request that outlived a restart").anyMatch(l -> l.contains(" restarts="));
        for (String sample : samples) {
            String line = sample.substring(sample.indexOf(": ") + 2);
            Map<String, String> v = pairs(line);
            String word = v.get("outcome");
            boolean delivered = !word.startsWith("undeliverable:");
            String base = delivered ? word : word.substring("undeliverable:".length());
            Ending ending = Ending.fromWord(base, v.get("by"))
                    .orElseThrow(() -> new AssertionError("no ending has the audit word " + base + ": " + sample));
            String written = AuditLog.format(new AuditEntry(ending, delivered,
                    new InetSocketAddress(InetAddress.getByName(v.get("peer")), Integer.parseInt(v.get("port"))),
                    Long.parseLong(v.getOrDefault("id", "0")), unquote(v.get("host")), unquote(v.get("msg")),
                    Double.parseDouble(v.get("seconds")), Integer.parseInt(v.getOrDefault("restarts", "0"))));
            assertThat(line).as(sample).isEqualTo(written);
            if (word.equals("ok") || word.equals("cancel")) {
                assertThat(v).as("an answered request's line: %s", sample).containsKeys("id", "by");
            }
        }
    }

    private static Map<String, String> pairs(String line) {
        Map<String, String> pairs = new LinkedHashMap<>();
        Matcher m = PAIR.matcher(line);
        while (m.find()) {
            pairs.put(m.group(1), m.group(2));
        }
        return pairs;
    }

    /** A quoted value of a sample (samples hold no escapes), or null for none. */
    private static String unquote(String value) {
        return value == null ? null : value.substring(1, value.length() - 1);
    }
}
