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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mediachange.client.ClientCommand;
import org.mediachange.client.ctl.CtlCommand;
import org.mediachange.client.ctl.CtlContext;
import org.mediachange.client.ctl.StopSignal;
import org.mediachange.daemon.cli.DaemonCommand;
import org.mediachange.daemon.dialog.PromptFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time tool, not shipped: writes, from the picocli definitions of both
 * programs, the AsciiDoc man page sections (picocli-codegen's
 * ManPageGenerator; src/main/man/*.adoc include them and add FILES,
 * ENVIRONMENT and more, and Asciidoctor turns the result into troff) and the
 * bash completion scripts (picocli's AutoComplete), and the list of
 * configuration keys each program accepts; for mediachangectl also one section
 * file per command (list, ok, cancel, watch). The command lines are built by
 * the same factories the programs use, so the exit code lists are in.
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
        CommandLine ctl = CtlCommand.commandLine(CtlContext.system(new StopSignal()), nowhere, nowhere);
        write(ctl, adocDir, completionDir);
        // mediachangectl's commands have options of their own: one section file each (mediachangectl-watch.adoc),
        // and one with every command's options, for the man page's OPTIONS (mediachangectl-options.adoc).
        for (CommandLine sub : ctl.getSubcommands().values()) {
            writeAdoc(sub, ctl.getCommandName() + "-" + sub.getCommandName(), adocDir);
        }
        writeAdoc(new CommandLine(allOptions(ctl)), ctl.getCommandName() + "-options", adocDir);
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

    /** A command with the options of all of {@code commandLine}'s subcommands, each once, help and version last. */
    private static CommandSpec allOptions(CommandLine commandLine) {
        CommandSpec all = CommandSpec.create().name(commandLine.getCommandName());
        all.usageMessage().sortOptions(false);
        Set<String> seen = new HashSet<>();
        for (boolean helpOptions : new boolean[] {false, true}) {
            for (CommandLine sub : commandLine.getSubcommands().values()) {
                for (OptionSpec o : sub.getCommandSpec().options()) {
                    if ((o.usageHelp() || o.versionHelp()) == helpOptions && seen.add(o.longestName())) {
                        all.addOption(OptionSpec.builder(o).build());
                    }
                }
            }
        }
        return all;
    }

    private static void write(CommandLine commandLine, Path adocDir, Path completionDir) throws IOException {
        String name = commandLine.getCommandName();
        writeAdoc(commandLine, name, adocDir);
        Files.writeString(completionDir.resolve(name), AutoComplete.bash(name, commandLine), UTF_8);
    }

    private static void writeAdoc(CommandLine commandLine, String name, Path adocDir) throws IOException {
        StringWriter adoc = new StringWriter();
        try (PrintWriter pw = new PrintWriter(adoc)) {
            ManPageGenerator.writeSingleManPage(pw, commandLine.getCommandSpec());
        }
        // The help headings end in a colon ("Exit codes:"); man page section titles do not.
        String text = adoc.toString().replaceAll("(?m)^(== .*?):$", "$1")
                // Each synopsis line (mediachangec has two) stays a line of its own.
                .replace("== Synopsis\n\n", "== Synopsis\n\n[%hardbreaks]\n");
        Files.writeString(adocDir.resolve(name + ".adoc"), text, UTF_8);
    }
}
