package org.mediachange.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Help text is wrapped at spaces only, at every width: no word (a path, a
 * network, an IPv6 address) is ever cut, no line is longer than the width
 * unless a single word is, and every paragraph keeps its words in order.
 */
class HelpLayoutTest {

    static final String DESCRIPTION = "With a single argument, that argument is the MESSAGE and goes to the default"
            + " host set by host= in /etc/mediachange/mediachangec.properties or ~/.mediachangec.properties; with"
            + " two or more, the first is always HOST.";
    static final String ALLOW = "Accept requests from this network, e.g. 10.0.0.0/8, 2001:db8::/32 or a single"
            + " address; repeatable, or several separated by commas (default: 192.168.0.0/16, 127.0.0.0/8 and ::1).";

    @Command(name = "demo", mixinStandardHelpOptions = true, description = {DESCRIPTION, "", "Second paragraph."},
            customSynopsis = {"demo [OPTIONS] HOST MESSAGE...", "demo [OPTIONS] MESSAGE"},
            exitCodeListHeading = "Exit codes:%n")
    static final class Demo {
        @Parameters(index = "0", paramLabel = "HOST", description = "The host.")
        String host;

        @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Port (default: 8979).")
        int port;

        @Option(names = "--allow", paramLabel = "CIDR", split = ",", splitSynopsisLabel = ",", description = ALLOW)
        List<String> allow;

        @Option(names = "--a-rather-long-option-name", paramLabel = "DURATION", description = "Long one.")
        String longOne;
    }

    static String help(Object command, int width) {
        return help(commandLine(command), width);
    }

    static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put("0", "All well.");
        exitCodes.put("143", "Stopped by SIGTERM (128+15), the normal way to stop it, told at some length.");
        cl.getCommandSpec().usageMessage().exitCodeList(exitCodes);
        HelpLayout.install(cl, null);
        cl.setUsageHelpAutoWidth(false);
        return cl;
    }

    static String help(CommandLine cl, int width) {
        cl.setUsageHelpWidth(width);
        StringWriter out = new StringWriter();
        cl.usage(new PrintWriter(out, true));
        return out.toString();
    }

    /** Checks {@code help} at {@code width} against the paragraphs it must contain whole. */
    static void assertWrappedAtSpaces(String help, int width, List<String> paragraphs) {
        List<String> words = Arrays.asList(help.split("\\s+"));
        for (String paragraph : paragraphs) {
            List<String> expected = Arrays.asList(paragraph.strip().split(" +"));
            assertThat(words).as("width %d: the words of '%s', whole and in order", width, paragraph)
                    .containsSubsequence(expected);
        }
        for (String line : help.split("\\R")) {
            if (line.length() > width) {
                assertThat(line.strip()).as("width %d: a line longer than the width is one word", width)
                        .doesNotContain(" ");
            }
        }
    }

    @Test
    void noWordIsCutAtAnyWidth() {
        CommandLine cl = commandLine(new Demo());
        for (int width = 55; width <= 160; width++) {
            String help = help(cl, width);
            assertWrappedAtSpaces(help, width, List.of(DESCRIPTION, ALLOW, "Second paragraph.",
                    "Stopped by SIGTERM (128+15), the normal way to stop it, told at some length."));
            assertThat(help).contains("192.168.0.0/16,").contains("~/.mediachangec.properties;")
                    .contains("2001:db8::/32");
        }
    }

    @Test
    void optionsParametersAndExitCodesAreTwoColumns() {
        assertThat(help(new Demo(), 80)).contains(String.join(System.lineSeparator(),
                "Usage: demo [OPTIONS] HOST MESSAGE...",
                "       demo [OPTIONS] MESSAGE",
                ""))
                .contains("      HOST                 The host." + System.lineSeparator())
                .contains("  -p, --port=PORT          Port (default: 8979)." + System.lineSeparator())
                .contains(String.join(System.lineSeparator(),
                        "      --a-rather-long-option-name=DURATION",
                        "                           Long one.",
                        ""))
                .contains(String.join(System.lineSeparator(),
                        "  0     All well.",
                        "  143   Stopped by SIGTERM (128+15), the normal way to stop it, told at some",
                        "          length.",
                        ""));
    }

    @Test
    void wrapBreaksAtSpacesAndKeepsLongWordsWhole() {
        assertThat(HelpLayout.wrap("aaa bbb ccc", 7)).containsExactly("aaa bbb", "ccc");
        assertThat(HelpLayout.wrap("a /etc/mediachange/mediachangec.properties b", 10))
                .containsExactly("a", "/etc/mediachange/mediachangec.properties", "b");
        assertThat(HelpLayout.wrap("", 10)).containsExactly("");
        assertThat(HelpLayout.wrap("one two three", 3, 20)).containsExactly("one", "two three");
        List<String> many = new ArrayList<>();
        for (String line : HelpLayout.wrap(ALLOW, 30)) {
            assertThat(line.length()).isLessThanOrEqualTo(30);
            many.add(line);
        }
        assertThat(String.join(" ", many)).isEqualTo(ALLOW);
    }

    @Test
    void columnsComesFromTheEnvironmentWhenItIsANumber() {
        assertThat(HelpLayout.columns("120")).isEqualTo(120);
        assertThat(HelpLayout.columns("20")).isEqualTo(HelpLayout.MIN_WIDTH);
        assertThat(HelpLayout.columns(null)).isNull();
        assertThat(HelpLayout.columns("")).isNull();
        assertThat(HelpLayout.columns("wide")).isNull();
        assertThat(HelpLayout.columns("99999999999")).isNull();
    }
}
