package org.mediachange.dist;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mediachange.client.ClientCommand;
import org.mediachange.client.ctl.CtlCommand;
import org.mediachange.client.ctl.CtlContext;
import org.mediachange.client.ctl.StopSignal;
import org.mediachange.daemon.cli.DaemonCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The three programs' command lines, built by the factories the programs use, for the documentation tests. */
final class Commands {

    private static final PrintWriter NOWHERE = new PrintWriter(Writer.nullWriter());

    private Commands() {
    }

    static CommandLine client() {
        return ClientCommand.commandLine(InputStream.nullInputStream(), NOWHERE, NOWHERE);
    }

    static CommandLine daemon() {
        return DaemonCommand.commandLine(bell -> {
            throw new IllegalStateException("the documentation tests show no dialogs");
        }, NOWHERE, NOWHERE);
    }

    static CommandLine ctl() {
        return CtlCommand.commandLine(CtlContext.system(new StopSignal()), NOWHERE, NOWHERE);
    }

    /** The options a user can give {@code commandLine} (hidden ones left out), by long name. */
    static Map<String, OptionSpec> options(CommandLine commandLine) {
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        for (OptionSpec o : commandLine.getCommandSpec().options()) {
            if (!o.hidden()) {
                options.putIfAbsent(o.longestName(), o);
            }
        }
        return options;
    }

    /** The options of {@code commandLine}'s subcommands, each once, by long name. */
    static Map<String, OptionSpec> subcommandOptions(CommandLine commandLine) {
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        for (CommandLine sub : new ArrayList<>(commandLine.getSubcommands().values())) {
            options(sub).forEach(options::putIfAbsent);
        }
        return options;
    }

    /** All the words of {@code option}'s description, as one line. */
    static String description(OptionSpec option) {
        return String.join(" ", List.of(option.description()));
    }
}
