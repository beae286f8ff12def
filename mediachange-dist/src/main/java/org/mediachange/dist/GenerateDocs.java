package org.mediachange.dist;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mediachange.client.ClientCommand;
import org.mediachange.daemon.cli.DaemonCommand;
import org.mediachange.daemon.prompt.PromptFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time tool, not shipped: writes, from the picocli definitions of both
 * programs, the AsciiDoc man page sections (picocli-codegen's
 * ManPageGenerator; src/main/man/*.adoc include them and add FILES,
 * ENVIRONMENT and more, and Asciidoctor turns the result into troff) and the
 * bash completion scripts (picocli's AutoComplete), and the list of
 * configuration keys each program accepts. The command lines are built by the
 * same factories the programs use, so the exit code lists are in.
 */
public final class GenerateDocs {

    private GenerateDocs() {
    }

    /** {@code GenerateDocs ADOC_DIR COMPLETION_DIR}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GenerateDocs ADOC_DIR COMPLETION_DIR");
        }
        Path adocDir = Files.createDirectories(Path.of(args[0]));
        Path completionDir = Files.createDirectories(Path.of(args[1]));
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        PromptFactory noPrompt = bell -> {
            throw new IllegalStateException("the documentation generator shows no dialogs");
        };
        CommandLine client = ClientCommand.commandLine(InputStream.nullInputStream(), nowhere, nowhere);
        write(client, adocDir, completionDir);
        writeKeys(ClientCommand.readConfigFiles(client, List.of()).keys(), adocDir.resolve("mediachangec-keys.adoc"));
        CommandLine daemon = DaemonCommand.commandLine(noPrompt, nowhere, nowhere);
        write(daemon, adocDir, completionDir);
        writeKeys(DaemonCommand.readConfigFiles(daemon, List.of()).keys(), adocDir.resolve("mediachanged-keys.adoc"));
    }

    /** The configuration keys, as the man pages list them (a sentence's end): the very keys the programs accept. */
    private static void writeKeys(Set<String> keys, Path file) throws IOException {
        List<String> bold = new ArrayList<>();
        for (String key : keys) {
            bold.add("*" + key + "*");
        }
        // Ends the sentence: text after an include line would start after a space.
        Files.writeString(file, String.join(", ", bold) + ".\n", UTF_8);
    }

    private static void write(CommandLine commandLine, Path adocDir, Path completionDir) throws IOException {
        String name = commandLine.getCommandName();
        StringWriter adoc = new StringWriter();
        try (PrintWriter pw = new PrintWriter(adoc)) {
            ManPageGenerator.writeSingleManPage(pw, commandLine.getCommandSpec());
        }
        // The help headings end in a colon ("Exit codes:"); man page section titles do not.
        String text = adoc.toString().replaceAll("(?m)^(== .*?):$", "$1")
                // Each synopsis line (mediachangec has two) stays a line of its own.
                .replace("== Synopsis\n\n", "== Synopsis\n\n[%hardbreaks]\n");
        Files.writeString(adocDir.resolve(name + ".adoc"), text, UTF_8);
        Files.writeString(completionDir.resolve(name), AutoComplete.bash(name, commandLine), UTF_8);
    }
}
