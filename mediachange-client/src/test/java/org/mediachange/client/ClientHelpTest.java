package org.mediachange.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mediachange.common.cli.ExitStatus;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code mediachangec --help} as a reader sees it: sentences wrapped at spaces only, at every width. */
class ClientHelpTest {

    @Test
    void everySentenceIsWrappedAtSpacesOnlyAtEveryWidth() {
        PrintWriter none = new PrintWriter(new StringWriter());
        CommandLine cl = ClientCommand.commandLine(InputStream.nullInputStream(), none, none);
        cl.setUsageHelpAutoWidth(false);
        List<String> paragraphs = new ArrayList<>(Arrays.asList(cl.getCommandSpec().usageMessage().description()));
        for (OptionSpec o : cl.getCommandSpec().options()) {
            paragraphs.add(String.join(" ", o.description()));
        }
        for (PositionalParamSpec p : cl.getCommandSpec().positionalParameters()) {
            paragraphs.add(String.join(" ", p.description()));
        }
        paragraphs.addAll(ExitStatus.helpList(ExitCode.class).values());
        paragraphs.removeIf(String::isBlank);
        for (int width = 55; width <= 140; width++) {
            cl.setUsageHelpWidth(width);
            StringWriter out = new StringWriter();
            cl.usage(new PrintWriter(out, true));
            String help = out.toString();
            List<String> words = Arrays.asList(help.split("\\s+"));
            for (String paragraph : paragraphs) {
                assertThat(words).as("width %d: '%s' whole and in order", width, paragraph)
                        .containsSubsequence(paragraph.strip().split(" +"));
            }
            for (String line : help.split("\\R")) {
                assertThat(line.length() <= width || !line.strip().contains(" "))
                        .as("width %d: line longer than the width: %s", width, line).isTrue();
            }
            assertThat(help).startsWith(String.join(System.lineSeparator(),
                    "Usage: mediachangec [OPTIONS] HOST MESSAGE...", "       mediachangec [OPTIONS] MESSAGE", ""));
        }
    }
}
