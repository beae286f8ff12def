package org.mediachange.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.slf4j.LoggerFactory;

/**
 * Requests made to forge log lines, over real HTTP from 127.0.0.N, into a log
 * file written with the daemon's own pattern: a request line whose method
 * carries a line break and a fake audit line, an ESC and a NUL in the method,
 * the path, a header and a name tried. The file has no raw control character
 * (but the line ends) and no line that does not start with its own time stamp.
 */
@Timeout(60)
class WebLogFileTest {

    /** The pattern of the shipped logback.xml (mediachange-dist/src/main/etc and the daemon's default). */
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} [%thread] %msg%n";
    private static final Pattern LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"
            + "(Z|[+-]\\d\\d:\\d\\d) (TRACE|DEBUG|INFO |WARN |ERROR) \\S+ \\[[^\\]]*\\] .*");
    /** A fake audit line without spaces, so that it all fits in the method of a request line. */
    private static final String FAKE = "2026-12-07T04:39:30.000Z\tINFO\t\taudit\t[mediachanged-7]\toutcome=ok"
            + "\tpeer=10.0.0.1\tid=99\tby=web:alice";

    @TempDir
    Path dir;

    @Test
    void noRequestPutsAControlCharacterOrALineOfItsOwnIntoTheLog() throws Exception {
        Path logFile = dir.resolve("mediachanged.log");
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(ctx);
        file.setFile(logFile.toString());
        file.setEncoder(encoder);
        file.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(file);
        List<String> sent = new ArrayList<>();
        try (RunningWeb web = RunningWeb.start(ScriptedOperator.holding(), dir,
                org.mediachange.daemon.web.http.WebLimits.DEFAULT)) {
            String[] requests = {
                // The reported one: a method with a line break and an audit line after it.
                "X\n" + FAKE + " /api/requests HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "X\r" + FAKE + " /api/requests HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "G\u001B[2J\u001B[HET /api/requests HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "P\u0000OST /api/requests HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                // The path: raw (the JDK server itself refuses it) and percent-encoded (which is text).
                "POST /api/\u001B[2J\u0000x HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                "POST /api/%1B%5B2J%00%0A" + FAKE.replace("\t", "%09").replace(" ", "%20")
                        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                // A header.
                "POST /api/requests HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n"
                        + "User-Agent: evil\u001B[31m\u0000\u0085\u2028" + FAKE + "\r\n\r\n",
            };
            int n = 2;
            for (String r : requests) {
                byte[] reply = FromAddress.raw(web, FromAddress.loopback(n++), r.getBytes(StandardCharsets.UTF_8));
                String status = new String(reply, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("(closed)");
                sent.add(status);
                // Refused: by the JDK's server itself (400, or the connection closed), or by the CSRF guard (403).
                assertThat(status).as(r).matches("\\(closed\\)|HTTP/1\\.1 (400|403) .*");
            }
            // A name tried, in the login's JSON (escapes that JSON turns into the characters themselves).
            String name = "mallory\\u001b[2J\\u0000\\n" + FAKE.replace("\t", "\\t");
            FromAddress.Response login = FromAddress.send(web, FromAddress.loopback(n), "POST", "/login",
                    List.of("X-Requested-By: mediachange"), "{\"name\":\"" + name + "\",\"password\":\"x\"}");
            assertThat(login.status()).isEqualTo(401);
        } finally {
            root.detachAppender(file);
            file.stop();
        }
        byte[] bytes = Files.readAllBytes(logFile);
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            assertThat(b == '\n' || b >= 0x20 && b != 0x7F).as("byte %d (0x%02X) of the log", i, b).isTrue();
        }
        for (String c : List.of("\u0085", "\u2028", "\u001B", "\u0000", "\t", "\r")) {
            assertThat(text).doesNotContain(c);
        }
        List<String> lines = text.lines().toList();
        assertThat(lines).allSatisfy(l -> assertThat(l).matches(LINE))
                .noneMatch(l -> l.startsWith(FAKE.substring(0, 24)));
        // What reached the log at all is there escaped, inside the line that refused it.
        assertThat(lines).filteredOn(l -> l.contains("refused X\\n2026-12-07T04:39:30.000Z\\tINFO\\t\\taudit"))
                .hasSize(1);
        assertThat(lines).filteredOn(l -> l.contains("refused X\\r2026-12-07T04:39:30.000Z\\tINFO\\t\\taudit"))
                .hasSize(1);
        assertThat(lines).anyMatch(l -> l.contains("refused G\\x1B[2J\\x1B[HET /api/requests"));
        assertThat(lines).anyMatch(l -> l.contains("refused P\\x00OST /api/requests"));
        assertThat(lines).anyMatch(l -> l.contains("user agent \"evil\\x1B[31m\\x00"));
        assertThat(lines).anyMatch(l -> l.contains("login failed for \"mallory\\x1B[2J\\x00\\n2026-12-07T04:39:30"));
        System.out.println("replies: " + sent + "; the log:");
        lines.forEach(System.out::println);
    }
}
