package org.mediachange.client.ctl;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mediachange.common.cli.ConfigFileDefaults;
import org.mediachange.common.cli.VersionProvider;
import org.mediachange.common.text.Escaper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mediachangectl COMMAND [OPTIONS]}: the shell console of the web
 * console's API, for an operator on a terminal or over SSH. The commands are
 * {@link ListCommand list}, {@link OkCommand ok}, {@link CancelCommand cancel},
 * {@link WatchCommand watch} and {@link StatusCommand status}; their options
 * come after the command name.
 */
@Command(name = "mediachangectl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        synopsisSubcommandLabel = "COMMAND",
        customSynopsis = {
            "mediachangectl list [OPTIONS]",
            "mediachangectl ok [OPTIONS] ID",
            "mediachangectl cancel [OPTIONS] ID",
            "mediachangectl watch [OPTIONS]",
            "mediachangectl status [OPTIONS]"},
        description = {
            "Lists and answers the requests that wait in mediachanged's web console (mediachanged --web), from a"
                    + " terminal or over SSH, as operator --operator (default: $USER).",
            "",
            "The password comes from --password-file FILE, else $MEDIACHANGE_PASSWORD, else password-file= in a"
                    + " properties file, else the terminal; never from the command line. Option defaults are read"
                    + " from /etc/mediachange/mediachangectl.properties, then ~/.mediachangectl.properties (key:"
                    + " the long option name without dashes, e.g. url=https://console:8980).",
            "",
            "See 'mediachangectl COMMAND --help' for the options."},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  MEDIACHANGE_PASSWORD=... mediachangectl list",
            "  mediachangectl ok 12",
            "  mediachangectl watch --url https://console.example:8980 --ca-file console.pem"},
        exitCodeListHeading = "%nExit codes:%n")
public final class CtlCommand implements Callable<Integer> {

    private static final String NAME = "mediachangectl";

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND: list, ok, cancel, watch or status");
    }

    /** The configured command line with its subcommands, UTF-8 writers and one-line error reporting. */
    public static CommandLine commandLine(CtlContext ctx, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new CtlCommand());
        cl.addSubcommand(new ListCommand(ctx));
        cl.addSubcommand(new OkCommand(ctx));
        cl.addSubcommand(new CancelCommand(ctx));
        cl.addSubcommand(new WatchCommand(ctx));
        cl.addSubcommand(new StatusCommand(ctx));
        // Set after the subcommands are added: these settings reach only the commands present.
        cl.setOut(out);
        cl.setErr(err);
        cl.getCommandSpec().usageMessage().exitCodeList(CtlExitCode.helpList());
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().usageMessage().exitCodeList(CtlExitCode.helpList());
        }
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            String command = ex.getCommandLine() == cl ? NAME : NAME + " " + ex.getCommandLine().getCommandName();
            e.println(NAME + ": " + Escaper.forDisplay(ex.getMessage()) + " (see '" + command + " --help')");
            e.flush();
            return CtlExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            e.println(NAME + ": internal error: " + Escaper.forDisplay(String.valueOf(ex)));
            e.flush();
            return CtlExitCode.UNREACHABLE.code();
        });
        return cl;
    }

    /**
     * Parses {@code args} with option defaults from {@code configFiles}
     * (later files winning) and runs the command. Each command checks the keys
     * of its own options, with their converters, and lets the others' keys
     * be ({@code retry-for} is {@code watch}'s alone).
     */
    static int execute(String[] args, CtlContext ctx, PrintWriter out, PrintWriter err, List<Path> configFiles) {
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--password") || a.startsWith("--password=")) {
                // Said before picocli could echo the value in its "unknown option" message.
                err.println(NAME + ": there is no --password: a password on the command line is seen by everyone"
                        + " with ps; use " + PasswordSource.ENV + " or --password-file FILE");
                err.flush();
                return CtlExitCode.USAGE.code();
            }
        }
        CommandLine cl = commandLine(ctx, out, err);
        Set<String> allKeys = new HashSet<>();
        for (CommandLine sub : cl.getSubcommands().values()) {
            allKeys.addAll(keys(sub));
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            Set<String> others = new HashSet<>(allKeys);
            others.removeAll(keys(sub));
            ConfigFileDefaults.install(sub, configFiles, null, others);
        }
        return cl.execute(args);
    }

    private static Set<String> keys(CommandLine command) {
        Set<String> keys = new HashSet<>();
        for (OptionSpec o : command.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                keys.add(o.longestName().replaceFirst("^-+", ""));
            }
        }
        return keys;
    }

    /** Reports {@code e} in one line on stderr; its exit code. */
    static int fail(CommandSpec spec, ConsoleException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(NAME + ": " + e.getMessage());
        err.flush();
        return e.exitCode().code();
    }
}
