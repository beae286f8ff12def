package org.mediachange.daemon.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mediachange.common.auth.KeyFileException;
import org.mediachange.common.auth.SharedKey;
import org.mediachange.common.cli.ConfigFileDefaults;
import org.mediachange.common.cli.DurationConverter;
import org.mediachange.common.cli.HelpLayout;
import org.mediachange.common.cli.IntRangeConverter;
import org.mediachange.common.cli.PositiveDurationConverter;
import org.mediachange.common.cli.VersionProvider;
import org.mediachange.common.protocol.Wire;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.allow.Cidr;
import org.mediachange.daemon.allow.CidrConverter;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.prompt.NoDisplayException;
import org.mediachange.daemon.prompt.OperatorPrompt;
import org.mediachange.daemon.prompt.PromptFactory;
import org.mediachange.daemon.server.AcceptLoop;
import org.mediachange.daemon.server.HostNames;
import org.mediachange.daemon.server.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mediachanged}: listens for requests and shows each to the operator. Runs in the foreground. */
// One string per paragraph: HelpLayout wraps them to the terminal, the man page generator to the page.
@Command(name = "mediachanged",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = "mediachanged [OPTIONS]",
        description = {
            "Listens on TCP port 8979 for one-line requests from mediachangec (or the original Perl client, or"
                + " nc), shows each in a dialog on the X display named by DISPLAY, and sends back the operator's"
                + " answer: Ok or Cancel.",
            "",
            "Runs in the foreground; use systemd or the init script to start it at boot. SIGTERM stops it:"
                + " pending clients are told 'Error shutting down'.",
            "",
            "Option defaults come from /etc/mediachange/mediachanged.properties (or the file named by --config);"
                + " options on the command line override them. --check-config checks them without starting."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  DISPLAY=:0 mediachanged --allow 10.1.0.0/16 --allow 127.0.0.1",
            "  mediachanged --bind 127.0.0.1 --port 18979 --answer-timeout 8h"},
        exitCodeListHeading = "%nExit codes:%n")
public final class DaemonCommand implements Callable<Integer> {

    /**
     * Where the documentation is: the launchers set {@code mediachange.docdir} for the tarball and
     * the checkout; the packages' place is the default (and what the man page says).
     */
    static final String DOC_DIR = "${sys:mediachange.docdir:-/usr/share/doc/mediachange-client}";

    private static final Logger LOG = LoggerFactory.getLogger(DaemonCommand.class);

    @Spec
    private CommandSpec spec;

    // Every value with a range or a form is checked by its converter, so that a bad one is reported
    // where it was given: "Invalid value for option '--port': ..." from the command line, "FILE: key
    // 'port': invalid value ..." from a configuration file (ConfigFileDefaults), before anything runs.
    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "" + Wire.DEFAULT_PORT,
            converter = IntRangeConverter.ListenPort.class,
            description = "TCP port to listen on (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", converter = BindAddressConverter.class,
            description = "Listen on this local address only (default: all interfaces, like the original).")
    private InetAddress bind;

    @Option(names = "--allow", paramLabel = "CIDR", converter = CidrConverter.class, split = "\\s*,\\s*",
            splitSynopsisLabel = ",",
            description = "Accept requests from this network, e.g. 10.0.0.0/8, 2001:db8::/32 or a single address;"
                    + " repeatable, or several separated by commas (default: 192.168.0.0/16, 127.0.0.0/8 and ::1).")
    private List<Cidr> allow;

    @Option(names = "--bell-interval", paramLabel = "DURATION", defaultValue = "15s",
            converter = DurationConverter.class,
            description = "Ring the bell this often while a dialog is open; 0 rings only when it appears"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration bellInterval;

    @Option(names = "--answer-timeout", paramLabel = "DURATION", defaultValue = "0",
            converter = DurationConverter.class,
            description = "Close an unanswered dialog after this long and answer Timeout; 0 waits forever"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration answerTimeout;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = PositiveDurationConverter.class,
            description = "The whole request line must arrive within this time of connecting; more than 0"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration requestTimeout;

    @Option(names = "--max-line", paramLabel = "BYTES", defaultValue = "" + Wire.DEFAULT_MAX_LINE_BYTES,
            converter = MaxLineConverter.class,
            description = "Longest request line accepted, in bytes, 1 to " + MaxLineConverter.MAX_BYTES
                    + " (default: ${DEFAULT-VALUE}).")
    private int maxLine;

    @Option(names = "--max-pending", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_MAX_PENDING,
            converter = IntRangeConverter.Positive.class,
            description = "Requests handled at once; more get Busy (default: ${DEFAULT-VALUE}).")
    private int maxPending;

    @Option(names = "--max-per-source", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_MAX_PER_SOURCE,
            converter = IntRangeConverter.Positive.class,
            description = "Requests handled at once from one address; more get Busy (default: ${DEFAULT-VALUE}).")
    private int maxPerSource;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "Accept only requests signed with the shared key in FILE (HMAC-SHA256; see PROTOCOL.md in "
                    + DOC_DIR + "), and sign the answers. FILE must not be readable by group or others.")
    private Path keyFile;

    // Read by ConfigFileDefaults (installed by Main) before the defaults are applied; declared here
    // so that --help, the man page and the completion script know it.
    @Option(names = "--config", paramLabel = "FILE",
            description = "Read option defaults from FILE instead of /etc/mediachange/mediachanged.properties;"
                    + " options on the command line override it.")
    private Path configFile;

    @Option(names = "--check-config",
            description = "Check the options, the configuration file and the key file, say whether they are"
                    + " valid, and exit (0 if they are, 2 if not) without starting anything.")
    private boolean checkConfig;

    private final PromptFactory promptFactory;

    /** A command that shows requests through {@code promptFactory}. */
    public DaemonCommand(PromptFactory promptFactory) {
        this.promptFactory = promptFactory;
    }

    /** The configured command line with one-line error reporting. */
    public static CommandLine commandLine(PromptFactory promptFactory, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new DaemonCommand(promptFactory));
        cl.setOut(out);
        cl.setErr(err);
        cl.getCommandSpec().usageMessage().exitCodeList(ExitCode.helpList());
        HelpLayout.install(cl, System.getenv("COLUMNS"));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("mediachanged: " + Escaper.forDisplay(ex.getMessage()) + " (see 'mediachanged --help')");
            e.flush();
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            LOG.error("fatal error", ex);
            PrintWriter e = commandLine.getErr();
            e.println("mediachanged: fatal error: " + Escaper.forDisplay(String.valueOf(ex)));
            e.flush();
            return ExitCode.FAILURE.code();
        });
        return cl;
    }

    /**
     * Makes {@code defaultFiles}, or the file named by {@code --config}, supply the
     * option defaults of {@code commandLine} (a command line of this class).
     */
    public static ConfigFileDefaults readConfigFiles(CommandLine commandLine, List<Path> defaultFiles) {
        return ConfigFileDefaults.install(commandLine, defaultFiles, "--config", Set.of(), Set.of("--check-config"));
    }

    @Override
    public Integer call() {
        ServerConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        // Said once, on the terminal (or the journal); the daemon goes on without that log file.
        for (String problem : LoggingProblems.find()) {
            err.println("mediachanged: " + Escaper.forDisplay(problem));
            err.flush();
        }
        if (keyFile != null) {
            try {
                config = config.withKey(SharedKey.load(keyFile));
            } catch (KeyFileException e) {
                err.println("mediachanged: " + Escaper.forDisplay(e.getMessage()));
                err.flush();
                return ExitCode.USAGE.code();
            }
        }
        if (checkConfig) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("mediachanged: configuration OK: " + Escaper.forDisplay(configSources()));
            out.flush();
            return ExitCode.OK.code();
        }
        OperatorPrompt prompt;
        try {
            prompt = promptFactory.open(bellInterval);
        } catch (NoDisplayException e) {
            err.println("mediachanged: " + e.getMessage());
            err.flush();
            return ExitCode.NO_DISPLAY.code();
        }
        AcceptLoop loop;
        try {
            loop = AcceptLoop.bind(config, prompt, HostNames.reverseDns(4, 64), new AuditLog());
        } catch (IOException e) {
            prompt.close();
            err.println("mediachanged: cannot listen on " + where(config.bindAddress(), config.port()) + ": "
                    + Escaper.forDisplay(String.valueOf(e.getMessage())));
            err.flush();
            return ExitCode.FAILURE.code();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.stop();
            prompt.close();
        }, "mediachanged-shutdown"));
        InetSocketAddress local = loop.localAddress();
        LOG.info("mediachanged {} listening on {}, allowing {}", VersionProvider.version(),
                where(config.bindAddress() == null ? null : local.getAddress(), local.getPort()), config.allowList());
        loop.run();
        return ExitCode.OK.code();
    }

    /** "127.0.0.1 port 8979", "::1 port 8979", or "all interfaces port 8979" for {@code address} null. */
    static String where(InetAddress address, int port) {
        return (address == null ? "all interfaces" : Cidr.format(address.getAddress())) + " port " + port;
    }

    /** The settings, every value already checked by its converter. */
    private ServerConfig config() {
        AllowList allowList = allow == null ? AllowList.parse(AllowList.DEFAULT) : new AllowList(allow);
        return new ServerConfig(bind, port, allowList, maxLine, requestTimeout, answerTimeout, maxPending,
                maxPerSource, ServerConfig.DEFAULT_RESOLVE_TIMEOUT);
    }

    /** Where the settings came from, for {@code --check-config}. */
    private String configSources() {
        List<Path> read = ConfigFileDefaults.filesRead(spec);
        if (!read.isEmpty()) {
            return read.stream().map(Path::toString).collect(Collectors.joining(", "));
        }
        List<Path> lookedFor = ConfigFileDefaults.filesLookedFor(spec);
        return "built-in defaults" + (lookedFor.isEmpty() ? "" : " (no " + lookedFor.stream().map(Path::toString)
                .collect(Collectors.joining(", ")) + ")");
    }
}
