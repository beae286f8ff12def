package org.mediachange.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mediachange.common.cli.ExitStatus;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code mediachanged --help} as a reader sees it: sentences wrapped at spaces
 * only, at every width; a synopsis without picocli's "-p=PORT"; and a pointer
 * to the protocol description that exists where the daemon is installed.
 */
class DaemonHelpTest {

    private static CommandLine commandLine() {
        PrintWriter none = new PrintWriter(new StringWriter());
        CommandLine cl = DaemonCommand.commandLine(bell -> {
            throw new IllegalStateException("no dialogs here");
        }, none, none);
        cl.setUsageHelpAutoWidth(false);
        return cl;
    }

    private static String help(CommandLine cl, int width) {
        cl.setUsageHelpWidth(width);
        StringWriter out = new StringWriter();
        cl.usage(new PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void everySentenceIsWrappedAtSpacesOnlyAtEveryWidth() {
        CommandLine cl = commandLine();
        List<String> paragraphs = new ArrayList<>(Arrays.asList(cl.getCommandSpec().usageMessage().description()));
        for (OptionSpec o : cl.getCommandSpec().options()) {
            paragraphs.add(String.join(" ", o.description()));
        }
        paragraphs.addAll(ExitStatus.helpList(ExitCode.class).values());
        paragraphs.removeIf(String::isBlank);
        for (int width = 55; width <= 140; width++) {
            String help = help(cl, width);
            List<String> words = Arrays.asList(help.split("\\s+"));
            for (String paragraph : paragraphs) {
                assertThat(words).as("width %d: '%s' whole and in order", width, paragraph)
                        .containsSubsequence(paragraph.strip().split(" +"));
            }
            for (String line : help.split("\\R")) {
                assertThat(line.length() <= width || !line.strip().contains(" "))
                        .as("width %d: line longer than the width: %s", width, line).isTrue();
            }
        }
    }

    @Test
    void theSynopsisIsPlainAndTheDefaultOfAllowIsWhole() {
        String help = help(commandLine(), 80);
        assertThat(help).startsWith("Usage: mediachanged [OPTIONS]" + System.lineSeparator())
                .doesNotContain("-p=PORT").contains("192.168.0.0/16,");
    }

    @Test
    void theProtocolIsWhereTheLaunchersSayTheDocumentationIs() {
        String old = System.getProperty("mediachange.docdir");
        try {
            System.clearProperty("mediachange.docdir");
            assertThat(help(commandLine(), 200)).doesNotContain("docs/PROTOCOL.md")
                    .contains("see PROTOCOL.md in /usr/share/doc/mediachange-client)");
            System.setProperty("mediachange.docdir", "/opt/mediachange-0.1.0/share/doc/mediachange");
            assertThat(help(commandLine(), 200))
                    .contains("see PROTOCOL.md in /opt/mediachange-0.1.0/share/doc/mediachange)");
        } finally {
            if (old == null) {
                System.clearProperty("mediachange.docdir");
            } else {
                System.setProperty("mediachange.docdir", old);
            }
        }
    }
}
