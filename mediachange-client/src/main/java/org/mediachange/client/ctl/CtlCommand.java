package org.mediachange.client.ctl;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mediachange.common.cli.ConfigFileDefaults;
import org.mediachange.common.cli.Program;
import org.mediachange.common.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mediachangectl COMMAND [OPTIONS]}: the shell console of the web
 * console's API, for an operator on a terminal or over SSH. The commands are
 * {@link ListCommand list}, {@link OkCommand ok}, {@link CancelCommand cancel},
 * {@link WatchCommand watch} and {@link StatusCommand status}. The options that say where the console is and
 * who logs in ({@link ConsoleOptions}) are declared here, inherited by every
 * command, so they may come before the command name or after it, as with
 * {@code git}, {@code kubectl} or {@code systemctl}; a command's own options
 * ({@code --recent}, {@code --retry-for}) come after it.
 */
@Command(name = "mediachangectl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        synopsisSubcommandLabel = "COMMAND",
        sortOptions = false,
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
            "The options below may come before COMMAND or after it (mediachangectl --url URL list, or"
                    + " mediachangectl list --url URL); a command's own options come after it: see"
                    + " 'mediachangectl COMMAND --help'."},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  MEDIACHANGE_PASSWORD=... mediachangectl list",
            "  mediachangectl ok 12",
            "  mediachangectl watch --url https://console.example:8980 --ca-file console.pem"},
        exitCodeListHeading = "%nExit codes:%n")
public final class CtlCommand implements Callable<Integer> {

    /** The program: its name, its exit codes, and how its command line reports problems. */
    static final Program<CtlExitCode> PROGRAM = Program.of("mediachangectl", CtlExitCode.class, CtlExitCode.USAGE,
            CtlExitCode.UNREACHABLE);

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConsoleOptions console;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND: " + Program.commands(spec));
    }

    /** The options every command shares, wherever they were given. */
    ConsoleOptions console() {
        return console;
    }

    /** The configured command line with its subcommands, UTF-8 writers and one-line error reporting. */
    public static CommandLine commandLine(CtlContext ctx, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new CtlCommand());
        cl.addSubcommand(new ListCommand(ctx));
        cl.addSubcommand(new OkCommand(ctx));
        cl.addSubcommand(new CancelCommand(ctx));
        cl.addSubcommand(new WatchCommand(ctx));
        cl.addSubcommand(new StatusCommand(ctx));
        return PROGRAM.configure(cl, out, err);
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
                return PROGRAM.fail(err, "there is no --password: a password on the command line is seen by"
                        + " everyone with ps; use " + PasswordSource.ENV + " or --password-file FILE",
                        CtlExitCode.USAGE);
            }
        }
        CommandLine cl = commandLine(ctx, out, err);
        Set<String> allKeys = new HashSet<>(keys(cl));
        for (CommandLine sub : cl.getSubcommands().values()) {
            allKeys.addAll(keys(sub));
        }
        // The shared options get their defaults where they are declared, here (picocli applies no
        // default to an inherited copy); each command then checks its own options' keys.
        for (CommandLine command : commandsFirstThenSubcommands(cl)) {
            Set<String> others = new HashSet<>(allKeys);
            others.removeAll(keys(command));
            ConfigFileDefaults.install(command, configFiles, null, others);
        }
        return cl.execute(args);
    }

    private static List<CommandLine> commandsFirstThenSubcommands(CommandLine cl) {
        List<CommandLine> all = new ArrayList<>(List.of(cl));
        all.addAll(cl.getSubcommands().values());
        return all;
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
        return PROGRAM.fail(spec.commandLine().getErr(), e.getMessage(), e.exitCode());
    }
}
