package org.mediachange.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** The one way the three programs set up their command lines, on a small program of its own. */
class ProgramTest {

    enum Code implements ExitStatus {
        DONE(0, "Done."),
        BROKEN(1, "Something broke."),
        USAGE(2, "Usage error.");

        private final int code;
        private final String description;

        Code(int code, String description) {
            this.code = code;
            this.description = description;
        }

        @Override
        public int code() {
            return code;
        }

        @Override
        public String description() {
            return description;
        }
    }

    static final class Even implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if (!value.matches("[0-9]*[02468]")) {
                throw new TypeConversionException(value + " is not an even number");
            }
            return Integer.parseInt(value);
        }
    }

    @Command(name = "tool", mixinStandardHelpOptions = true, exitCodeListHeading = "Exit codes:%n")
    static final class Tool implements Callable<Integer> {
        @Option(names = "--level", paramLabel = "N")
        int level;

        @Override
        public Integer call() {
            throw new IllegalStateException("boom\u001b[2J");
        }
    }

    @Command(name = "count", mixinStandardHelpOptions = true, exitCodeListHeading = "Exit codes:%n")
    static final class Count implements Callable<Integer> {
        @Parameters(paramLabel = "N", converter = Even.class)
        int n;

        @Option(names = "--step")
        int step;

        @Override
        public Integer call() {
            return 0;
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Exception> logged = new ArrayList<>();
    private final Program<Code> program = Program.of("tool", Code.class, Code.USAGE, Code.BROKEN)
            .loggingInternalErrors(logged::add);

    private CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Tool());
        cl.addSubcommand(new Count());
        return program.configure(cl, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void theExitCodesAreListedFromTheEnumOnTheCommandAndItsSubcommands() {
        assertThat(ExitStatus.helpList(Code.class)).containsExactly(java.util.Map.entry("0", "Done."),
                java.util.Map.entry("1", "Something broke."), java.util.Map.entry("2", "Usage error."));
        for (String[] args : new String[][] {{"--help"}, {"count", "--help"}}) {
            out.getBuffer().setLength(0);
            assertThat(commandLine().execute(args)).isZero();
            assertThat(out.toString()).contains("Exit codes:" + System.lineSeparator() + "  0   Done."
                    + System.lineSeparator() + "  1   Something broke." + System.lineSeparator() + "  2   Usage error.");
        }
    }

    @Test
    void aUsageErrorIsOneLineNamingTheHelpOfTheCommandThatFailed() {
        assertThat(commandLine().execute("--level", "x")).isEqualTo(2);
        assertThat(commandLine().execute("count", "3")).isEqualTo(2);
        assertThat(commandLine().execute("count", "4", "6")).isEqualTo(2);
        assertThat(commandLine().execute("--step", "1", "count", "4")).isEqualTo(2);
        assertThat(commandLine().execute("cont", "4")).isEqualTo(2);
        assertThat(err.toString().lines().toList()).containsExactly(
                "tool: Invalid value for option '--level': 'x' is not an int (see 'tool --help')",
                // A positional parameter's converter says it all, without "positional parameter at index 0".
                "tool: 3 is not an even number (see 'tool count --help')",
                "tool: unexpected argument '6' (see 'tool count --help')",
                "tool: --step is an option of count: give it after the command name (tool count --step ...)"
                        + " (see 'tool --help')",
                "tool: unknown command 'cont' (did you mean count?): use count (see 'tool --help')");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnexpectedFailureIsOneEscapedLineAndItsCodeAndIsLogged() {
        assertThat(commandLine().execute()).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("tool: internal error: java.lang.IllegalStateException: boom\\x1B[2J"
                + System.lineSeparator());
        assertThat(logged).singleElement().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failPrintsOneEscapedLineAndReturnsTheCode() {
        PrintWriter w = new PrintWriter(err, true);
        assertThat(program.fail(w, "cannot\nread it", Code.BROKEN)).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("tool: cannot\\nread it" + System.lineSeparator());
    }
}
