package org.mediachange.common.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.mediachange.common.text.Escaper;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * One program ({@code mediachangec}, {@code mediachanged},
 * {@code mediachangectl}) and the one way its command line is set up:
 * <ul>
 * <li>the writers {@code main} gives (UTF-8), for the command and its subcommands;</li>
 * <li>{@code --help} laid out by {@link HelpLayout}, its exit codes listed from the
 * program's {@link ExitStatus} enum, on every subcommand too;</li>
 * <li>a usage error in one line on stderr, {@code NAME: what is wrong (see 'NAME
 * --help')}, with the {@code usage} code; picocli's wordings that name parser
 * internals ("positional parameter at index 0", "is not a long", "Unmatched
 * argument at index 2") replaced by ones that say what to type;</li>
 * <li>an unexpected exception in one line, {@code NAME: internal error: ...}, with
 * the {@code internalError} code (and, for the daemon, a log line with the stack
 * trace); never a stack trace on the terminal.</li>
 * </ul>
 *
 * @param <E> the program's exit codes
 */
public final class Program<E extends Enum<E> & ExitStatus> {

    private final String name;
    private final Class<E> exitCodes;
    private final E usage;
    private final E internalError;
    private final Consumer<Exception> internalErrorLog;

    private Program(String name, Class<E> exitCodes, E usage, E internalError, Consumer<Exception> internalErrorLog) {
        this.name = Objects.requireNonNull(name, "name");
        this.exitCodes = Objects.requireNonNull(exitCodes, "exitCodes");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.internalError = Objects.requireNonNull(internalError, "internalError");
        this.internalErrorLog = Objects.requireNonNull(internalErrorLog, "internalErrorLog");
    }

    /**
     * The program {@code name}, whose usage errors exit with {@code usage} and
     * unexpected failures with {@code internalError}, both from {@code exitCodes}.
     */
    public static <E extends Enum<E> & ExitStatus> Program<E> of(String name, Class<E> exitCodes, E usage,
            E internalError) {
        return new Program<>(name, exitCodes, usage, internalError, e -> { });
    }

    /** This program, also handing each unexpected failure to {@code log} (with its stack trace). */
    public Program<E> loggingInternalErrors(Consumer<Exception> log) {
        return new Program<>(name, exitCodes, usage, internalError, log);
    }

    /** The program's name, as its messages start. */
    public String name() {
        return name;
    }

    /** The command line of {@code command}, set up as described above. */
    public CommandLine commandLine(Object command, PrintWriter out, PrintWriter err) {
        return configure(new CommandLine(command), out, err);
    }

    /**
     * Sets up {@code commandLine} as described above; call it once its subcommands are
     * added, as picocli passes these settings on only to the subcommands present.
     */
    public CommandLine configure(CommandLine commandLine, PrintWriter out, PrintWriter err) {
        commandLine.setOut(out);
        commandLine.setErr(err);
        exitCodeList(commandLine);
        HelpLayout.install(commandLine, System.getenv("COLUMNS"));
        commandLine.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            error(failed.getErr(), message(ex) + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            return usage.code();
        });
        commandLine.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            internalErrorLog.accept(ex);
            error(failed.getErr(), "internal error: " + ex);
            return internalError.code();
        });
        return commandLine;
    }

    private void exitCodeList(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage().exitCodeList(ExitStatus.helpList(exitCodes));
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            exitCodeList(sub);
        }
    }

    /** Prints {@code message} as one line on {@code err}: the program's name first, control characters escaped. */
    public void error(PrintWriter err, String message) {
        err.println(name + ": " + Escaper.forDisplay(String.valueOf(message)));
        err.flush();
    }

    /** {@link #error} and {@code code}'s number, for {@code return program.fail(err, "...", CODE)}. */
    public int fail(PrintWriter err, String message, E code) {
        error(err, message);
        return code.code();
    }

    /** What {@code ex} means to the person who typed the command line. */
    static String message(ParameterException ex) {
        ArgSpec arg = ex.getArgSpec();
        if (ex.getCause() instanceof TypeConversionException bad && arg != null && arg.isPositional()
                && bad.getMessage() != null) {
            // The converter's message names the value and what it should be; picocli's prefix
            // ("Invalid value for positional parameter at index 0 (ID):") only adds parser internals.
            return bad.getMessage();
        }
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return unmatched(u, ex.getCommandLine().getCommandSpec());
        }
        return ex.getMessage();
    }

    /** The command names of {@code spec}'s subcommands, without aliases: "list, ok, cancel or watch". */
    public static String commands(CommandSpec spec) {
        List<String> names = spec.subcommands().values().stream().map(CommandLine::getCommandName).distinct().toList();
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String unmatched(UnmatchedArgumentException u, CommandSpec spec) {
        String first = u.getUnmatched().get(0);
        if (u.isUnknownOption()) {
            String option = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            for (CommandLine sub : spec.subcommands().values()) {
                if (sub.getCommandSpec().findOption(option) != null) {
                    return option + " is an option of " + sub.getCommandName() + ": give it after the command name ("
                            + spec.qualifiedName() + " " + sub.getCommandName() + " " + option + " ...)";
                }
            }
            return u.getMessage();
        }
        if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            List<String> suggestions = u.getSuggestions();
            return "unknown command '" + first + "'" + (suggestions.isEmpty() ? "" : " (did you mean "
                    + suggestions.get(0) + "?)") + ": use " + commands(spec);
        }
        List<String> quoted = u.getUnmatched().stream().map(a -> "'" + a + "'").toList();
        return "unexpected argument" + (quoted.size() == 1 ? " " : "s ") + String.join(" ", quoted);
    }
}
