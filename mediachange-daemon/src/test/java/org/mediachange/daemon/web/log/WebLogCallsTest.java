package org.mediachange.daemon.web.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads the web console's sources and checks that text from outside can reach
 * the log only as an escaped value: no class but {@link WebLog} uses slf4j (or
 * prints), and every call of a {@code LOG} passes a constant message (string
 * literals, perhaps joined with {@code +}), so request text can only be one of
 * the values, which {@link WebLog} escapes whatever their type.
 */
class WebLogCallsTest {

    private static final Path WEB = Path.of("src/main/java/org/mediachange/daemon/web");
    private static final Pattern CALL = Pattern.compile("\\bLOG\\.(trace|debug|info|warn|error)\\(");
    private static final Pattern LOG_FIELD = Pattern.compile("\\bLOG\\s*=\\s*WebLog\\.of\\(");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(WEB)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void onlyWebLogTalksToTheLoggingLibraryAndNothingPrints() throws IOException {
        List<Path> sources = sources();
        assertThat(sources).hasSizeGreaterThan(30);
        List<String> offenders = new ArrayList<>();
        for (Path p : sources) {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            boolean webLog = p.endsWith("log/WebLog.java");
            if (!webLog && text.contains("org.slf4j")) {
                offenders.add(p + ": uses slf4j directly");
            }
            for (String printing : List.of("System.out", "System.err", "printStackTrace", "Level.SEVERE",
                    ".severe(", ".warning(")) {
                if (text.contains(printing)) {
                    offenders.add(p + ": " + printing);
                }
            }
            if (CALL.matcher(text).find() && !webLog && !LOG_FIELD.matcher(text).find()) {
                offenders.add(p + ": a LOG that is not a WebLog");
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyLogCallHasAConstantMessage() throws IOException {
        List<String> offenders = new ArrayList<>();
        int calls = 0;
        for (Path p : sources()) {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            Matcher m = CALL.matcher(text);
            while (m.find()) {
                calls++;
                String problem = constantMessage(text, m.end());
                if (problem != null) {
                    int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                    offenders.add(p + ":" + line + ": " + problem);
                }
            }
        }
        assertThat(calls).as("log calls found").isGreaterThan(25);
        assertThat(offenders).isEmpty();
    }

    /** Null if the argument at {@code from} is string literals joined by {@code +} up to a comma or ')'. */
    static String constantMessage(String text, int from) {
        int i = from;
        boolean literal = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '+' && literal) {
                i++;
            } else if (c == '"') {
                i++;
                while (text.charAt(i) != '"') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                literal = true;
            } else if ((c == ',' || c == ')') && literal) {
                return null;
            } else {
                return "the message is not a string literal: "
                        + text.substring(from, Math.min(text.length(), from + 60)).replace('\n', ' ');
            }
        }
        return "unterminated call";
    }

    @Test
    void theCheckItselfTellsConstantsFromVariables() {
        assertThat(constantMessage("\"a {}\" + \"b\", x)", 0)).isNull();
        assertThat(constantMessage("\"a \\\" {}\")", 0)).isNull();
        assertThat(constantMessage("\"a \" + name, x)", 0)).isNotNull();
        assertThat(constantMessage("message)", 0)).isNotNull();
        assertThat(constantMessage("String.format(\"a\"))", 0)).isNotNull();
    }
}
