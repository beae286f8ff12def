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
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestError;

/**
 * Issue 16: every sample audit line of a request in the documentation is what {@link AuditLog} writes for its
 * values, key for key and in that order; a request that was answered has its {@code id=} and {@code by=}
 * (OPERATIONS.md's sample lacked both).
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
        for (String sample : samples) {
            String line = sample.substring(sample.indexOf(": ") + 2);
            Map<String, String> v = pairs(line);
            String word = v.get("outcome");
            boolean delivered = !word.startsWith("undeliverable:");
            Ending ending = ending(delivered ? word : word.substring("undeliverable:".length()), v.get("by"));
            String written = AuditLog.format(new AuditEntry(ending, delivered,
                    new InetSocketAddress(InetAddress.getByName(v.get("peer")), Integer.parseInt(v.get("port"))),
                    Long.parseLong(v.getOrDefault("id", "0")), unquote(v.get("host")), unquote(v.get("msg")),
                    Double.parseDouble(v.get("seconds"))));
            assertThat(line).as(sample).isEqualTo(written);
            if (word.equals("ok") || word.equals("cancel")) {
                assertThat(v).as("an answered request's line: %s", sample).containsKeys("id", "by");
            }
        }
    }

    /** The ending whose audit word is {@code word}, answered by the surface {@code by} names. */
    private static Ending ending(String word, String by) {
        for (Ending.TurnedAway t : Ending.TurnedAway.values()) {
            if (t.word().equals(word)) {
                return t;
            }
        }
        for (RequestError e : RequestError.values()) {
            if (new Ending.Failed(e).word().equals(word)) {
                return new Ending.Failed(e);
            }
        }
        return switch (word) {
            case "ok", "cancel" -> new Ending.Answered(word.equals("ok") ? Decision.OK : Decision.CANCEL, answerer(by));
            case "timeout" -> new Ending.TimedOut();
            case "withdrawn" -> new Ending.Withdrawn();
            default -> throw new AssertionError("no ending has the audit word " + word);
        };
    }

    private static Answerer answerer(String by) {
        if (by.startsWith("web:")) {
            return Answerer.operator(by.substring(4));
        }
        return by.equals("link") ? Answerer.LINK : Answerer.DIALOG;
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
