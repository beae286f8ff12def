package org.mediachange.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mediachange.common.auth.KeyFileException;
import org.mediachange.common.auth.SharedKey;
import org.mediachange.common.cli.ConfigFileDefaults;
import org.mediachange.common.cli.DurationConverter;
import org.mediachange.common.cli.IntRangeConverter;
import org.mediachange.common.cli.Program;
import org.mediachange.common.cli.VersionProvider;
import org.mediachange.common.protocol.Wire;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mediachangec HOST MESSAGE...}: asks the operator and exits with the answer. */
@Command(name = "mediachangec",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = {
            "mediachangec [OPTIONS] HOST MESSAGE...",
            "mediachangec [OPTIONS] MESSAGE"},
        // One string per paragraph: HelpLayout wraps them to the terminal, the man page generator to the page.
        description = {
            "Sends MESSAGE to the mediachanged daemon on HOST, waits until the operator answers its dialog,"
                + " prints the answer (Ok or Cancel) and exits with a code a backup script can act on.",
            "",
            "A restart, an upgrade or a reboot of the console does not end the request: once the daemon has it,"
                + " a connection that is lost, reset or ends without an answer, and the answer 'Error shutting"
                + " down', make mediachangec send the same request again as soon as the daemon is back (trying"
                + " after 0.25 s, then less and less often, but at least every 5 s), for as long as --timeout"
                + " allows: for ever by default. It says on stderr when it loses the console and when the console"
                + " has the request again, and while the console is away, every 10 minutes that it still is;"
                + " with -q too (-q keeps only stdout empty).",
            "",
            "The words of MESSAGE are joined with single spaces; line breaks become spaces. A MESSAGE of '-'"
                + " reads one line from standard input.",
            "",
            "With a single argument, that argument is the MESSAGE and goes to the default host set by host= in"
                + " /etc/mediachange/mediachangec.properties or ~/.mediachangec.properties; with two or more,"
                + " the first is always HOST.",
            "",
            "HOST may name several consoles separated by commas (at most " + HostList.MAX_HOSTS + "): all are"
                + " asked at once, the first Ok or Cancel wins and the other requests are withdrawn. A console"
                + " that loses the request is asked again when it is back, as with one host. A console"
                + " that cannot be reached or refuses is reported on stderr while the others keep the request"
                + " (--retry-for keeps trying it); if none answers, the exit code is 3 if any ran out of time,"
                + " else 4 if any refused, else 5."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  mediachangec console 'Please mount volume 3 of /dev/st0 and press OK'",
            "  mediachangec --timeout 2h --retry-for 10m console \"Insert tape $TAR_VOLUME\"",
            "  mediachangec ops-room,night-desk:8980 'Load tape set B'",
            "  echo 'Tape full on backup1' | mediachangec console -"},
        exitCodeListHeading = "%nExit codes:%n")
public final class ClientCommand implements Callable<Integer> {

    /** The configuration key of the default host, used when only a MESSAGE is given. */
    public static final String HOST_KEY = "host";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST",
            description = "Host where mediachanged runs, as NAME, NAME:PORT, ADDRESS:PORT, [IPV6-ADDRESS]:PORT or"
                    + " IPV6-ADDRESS; or several of them separated by commas. Left out, host= from a configuration"
                    + " file.")
    private String host;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "MESSAGE", description = "Text for the operator.")
    private List<String> words;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "" + Wire.DEFAULT_PORT,
            converter = IntRangeConverter.Port.class,
            description = "Daemon port, for every HOST given without one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--connect-timeout", paramLabel = "DURATION",
            defaultValue = ClientRequest.DEFAULT_CONNECT_TIMEOUT, converter = DurationConverter.class,
            description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
    private Duration connectTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = ClientRequest.DEFAULT_ANSWER_TIMEOUT,
            converter = DurationConverter.class,
            description = "Give up waiting for the answer after this long, the time a lost request waits for its"
                    + " console to come back included; 0 waits forever, as the original did"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--retry-for", paramLabel = "DURATION", defaultValue = ClientRequest.DEFAULT_RETRY_FOR,
            converter = DurationConverter.class,
            description = "Keep trying for this long while the daemon cannot be reached before it has had the"
                    + " request, or answers Busy; 0 ends the run at once then. A host name that does not resolve"
                    + " ends it at once whatever this says. A request the daemon has had is sent again after a"
                    + " lost connection or a restart without this option, within --timeout"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration retryFor;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "Sign the request with the shared key in FILE and accept only answers signed with it"
                    + " (the daemon must use the same key)."
                    + " Group and others may have no permission on FILE (chmod 600) and may not write the"
                    + " directories above it, as ssh demands of private keys.")
    private Path keyFile;

    // fallbackValue: -q means quiet even where quiet=true is configured (picocli would otherwise
    // turn a flag to the opposite of its default).
    @Option(names = {"-q", "--quiet"}, fallbackValue = "true",
            description = "Print nothing on stdout; only the exit code tells the answer. Problems and notes"
                    + " (console lost, back) still go to stderr.")
    private boolean quiet;

    private final InputStream stdin;

    /** A command reading {@code -} messages from {@code stdin}. */
    public ClientCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    /** The program: its name, its exit codes, and how its command line reports problems. */
    static final Program<ExitCode> PROGRAM = Program.of("mediachangec", ExitCode.class, ExitCode.USAGE,
            ExitCode.UNREACHABLE);

    /** The configured command line, with UTF-8 writers and one-line error reporting. */
    public static CommandLine commandLine(InputStream stdin, PrintWriter out, PrintWriter err) {
        return PROGRAM.commandLine(new ClientCommand(stdin), out, err);
    }

    /**
     * Parses {@code args} with option defaults (and the default host) from
     * {@code configFiles}, later files winning, and runs the command.
     */
    static int execute(String[] args, InputStream stdin, PrintWriter out, PrintWriter err, List<Path> configFiles) {
        CommandLine commandLine = commandLine(stdin, out, err);
        readConfigFiles(commandLine, configFiles);
        return commandLine.execute(args);
    }

    /** Makes {@code configFiles}, later ones winning, supply the defaults of {@code commandLine} (of this class). */
    public static ConfigFileDefaults readConfigFiles(CommandLine commandLine, List<Path> configFiles) {
        return ConfigFileDefaults.install(commandLine, configFiles, null, Set.of(HOST_KEY));
    }

    @Override
    public Integer call() {
        return Conversation.run(request(), quiet, spec.commandLine().getOut(), spec.commandLine().getErr()).code();
    }

    /** The request the parsed arguments describe; package-private for the fast path's equivalence test. */
    ClientRequest request() {
        if (words == null || words.isEmpty()) {
            // A lone argument is the MESSAGE, for the configured default host. The number of
            // arguments decides, never the configuration, so no command line changes its meaning.
            words = List.of(host);
            host = ConfigFileDefaults.lookup(spec, HOST_KEY).orElseThrow(() -> new ParameterException(
                    spec.commandLine(), "Missing required parameter: 'MESSAGE' (a lone argument is the MESSAGE"
                            + " only when host= is set in mediachangec.properties or ~/.mediachangec.properties)"));
        }
        try {
            HostList.parse(host, port);
        } catch (HostList.Invalid e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String message = words.size() == 1 && "-".equals(words.get(0)) ? readStdinLine() : String.join(" ", words);
        message = ClientRequest.oneLine(message);
        if (message.isBlank()) {
            throw new ParameterException(spec.commandLine(), "the message is empty");
        }
        SharedKey key = null;
        if (keyFile != null) {
            try {
                key = SharedKey.load(keyFile);
            } catch (KeyFileException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return new ClientRequest(host, port, message, connectTimeout, timeout, retryFor, key);
    }

    private String readStdinLine() {
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, Wire.CHARSET)).readLine();
            if (line == null) {
                throw new ParameterException(spec.commandLine(), "MESSAGE is '-' but standard input is empty");
            }
            return line;
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read the message from standard input: "
                    + e.getMessage());
        }
    }

    /** Whether {@code --quiet} was given; for the fast path's equivalence test. */
    boolean quiet() {
        return quiet;
    }
}
