package org.mediachange.daemon.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.mediachange.common.cli.VersionProvider;
import org.mediachange.daemon.web.auth.OperatorsFile;
import org.mediachange.daemon.web.auth.OperatorsFileException;
import org.mediachange.daemon.web.auth.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mediachanged set-password NAME} (also spelled {@code --set-password
 * NAME}, as it was when it was an option): adds an operator to the web
 * console's operators file or changes one's password. The password is read
 * without echo from the terminal (twice, to catch a typo), or as one line from
 * standard input when that is not a terminal, never from the command line,
 * where {@code ps} and the shell history would see it. The file is
 * {@code --operators}, given before or after the command name, or
 * {@code operators=} in the configuration file.
 */
@Command(name = "set-password", aliases = "--set-password", mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class, sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = "mediachanged set-password [OPTIONS] NAME",
        header = "Adds a web console operator, or changes a password, and exits.",
        description = {
            "Adds operator NAME to the operators file, or changes their password, and exits. The password is read"
                    + " twice without echo from the terminal, or as one line from standard input when that is not"
                    + " a terminal; never from the command line. The file keeps its other lines, its owner and mode"
                    + " 0600; the daemon rereads it when it changes.",
            "",
            "The old spelling, mediachanged --set-password NAME, does the same."},
        exitCodeListHeading = "%nExit codes:%n")
final class SetPasswordCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private DaemonCommand daemon;

    @Parameters(index = "0", paramLabel = "NAME", description = "The operator: 1-64 letters, digits and . _ @ -,"
            + " starting with a letter or digit; what they log in as.")
    private String name;

    private final Console console;
    private final InputStream in;

    /** A command that reads the password from {@code console}, or from {@code in} where that is null. */
    SetPasswordCommand(Console console, InputStream in) {
        this.console = console;
        this.in = in;
    }

    @Override
    public Integer call() {
        return run(name);
    }

    /** Sets the password of {@code operator}; reports on the command's stdout and stderr; the exit code. */
    int run(String operator) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = daemon.operatorsFile();
        if (!OperatorsFile.NAME.matcher(operator).matches()) {
            return fail(err, "'" + operator + "' is not a valid operator name: use 1-64 letters, digits and . _ @ -"
                    + " (starting with a letter or digit)");
        }
        char[] password = null;
        try {
            password = console != null ? fromConsole(operator, err) : fromStream(err);
            if (password == null) {
                return ExitCode.FAILURE.code();
            }
            if (password.length == 0) {
                return fail(err, "the password is empty; nothing changed");
            }
            if (password.length > PasswordHash.MAX_PASSWORD_CHARS) {
                return fail(err, "the password is longer than " + PasswordHash.MAX_PASSWORD_CHARS
                        + " characters; nothing changed");
            }
            boolean added = OperatorsFile.setPassword(file, operator, PasswordHash.create(password));
            out.println(DaemonCommand.PROGRAM.name() + ": " + (added ? "added operator " : "changed the password of ")
                    + operator + " in " + file);
            out.flush();
            return ExitCode.OK.code();
        } catch (OperatorsFileException e) {
            return fail(err, e.getMessage() + "; nothing changed");
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static int fail(PrintWriter err, String message) {
        return DaemonCommand.PROGRAM.fail(err, message, ExitCode.FAILURE);
    }

    private char[] fromConsole(String operator, PrintWriter err) {
        char[] first = console.readPassword("Password for %s: ", operator);
        if (first == null) {
            fail(err, "no password given; nothing changed");
            return null;
        }
        char[] second = console.readPassword("Again: ");
        try {
            if (second == null || !Arrays.equals(first, second)) {
                Arrays.fill(first, '\0');
                fail(err, "the passwords differ; nothing changed");
                return null;
            }
            return first;
        } finally {
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    /** The first line of standard input (UTF-8), without its line end; null (reported) if there is none. */
    private char[] fromStream(PrintWriter err) {
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null) {
                fail(err, "no password on standard input; nothing changed");
                return null;
            }
            return line.toCharArray();
        } catch (IOException e) {
            fail(err, "cannot read the password from standard input: " + e.getMessage());
            return null;
        }
    }
}
