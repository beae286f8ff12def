package org.mediachange.daemon.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mediachange.common.auth.KeyFileException;
import org.mediachange.common.auth.SharedKey;
import org.mediachange.common.cli.ConfigFileDefaults;
import org.mediachange.common.cli.ConfigLocations;
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
import org.mediachange.daemon.metrics.MetricsOption;
import org.mediachange.daemon.notify.NotifyCommands;
import org.mediachange.daemon.notify.NotifyCommandsConverter;
import org.mediachange.daemon.notify.NotifyConfig;
import org.mediachange.daemon.prompt.PromptFactory;
import org.mediachange.daemon.server.ServerConfig;
import org.mediachange.daemon.web.WebAddressConverter;
import org.mediachange.daemon.web.WebConfig;
import org.mediachange.daemon.web.WebConsole;
import org.mediachange.daemon.web.WebLimits;
import org.mediachange.daemon.web.WebSetupException;
import org.mediachange.daemon.web.WebUrlConverter;
import org.mediachange.daemon.web.auth.SetPassword;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
                    + DOC_DIR + "), and sign the answers. Group and others may have no permission on FILE"
                    + " (chmod 600) and may not write the directories above it, as ssh demands of private keys.")
    private Path keyFile;

    @Option(names = "--dialog", paramLabel = "MODE", defaultValue = "x11",
            description = "x11: show each request in a dialog on DISPLAY; none: no dialog and no X display at all,"
                    + " requests are answered in the web console (needs --web) (default: ${DEFAULT-VALUE}).")
    private DialogMode dialog;

    @Option(names = "--web", paramLabel = "[ADDRESS:]PORT", converter = WebAddressConverter.class,
            description = "Serve the web console on PORT of ADDRESS (default address: 127.0.0.1): pending requests"
                    + " live in a browser, answerable there, for the operators in the operators file"
                    + " (see WEB.md in " + DOC_DIR + "). Default: off.")
    private InetSocketAddress web;

    @Option(names = "--operators", paramLabel = "FILE",
            description = "The web console's accounts, one NAME:pbkdf2_sha256$... line each (default: operators in"
                    + " the configuration directory, /etc/mediachange/operators). Must be private like the key file"
                    + " (chmod 600).")
    private Path operators;

    @Option(names = "--set-password", paramLabel = "NAME",
            description = "Add operator NAME to the operators file, or change their password, and exit. The"
                    + " password is read without echo from the terminal, or as one line from standard input.")
    private String setPassword;

    @Option(names = "--web-tls-keystore", paramLabel = "FILE",
            description = "Serve the web console over HTTPS with the key and certificate in this PKCS12 file.")
    private Path webTlsKeystore;

    @Option(names = "--web-tls-password-file", paramLabel = "FILE",
            description = "The first line of FILE is the password of --web-tls-keystore. FILE must be private like the"
                    + " key file (chmod 600).")
    private Path webTlsPasswordFile;

    @Option(names = "--web-insecure",
            description = "Serve the web console over plain HTTP on an address other than loopback (only behind a"
                    + " TLS proxy or tunnel: passwords would otherwise cross the network in clear text).")
    private boolean webInsecure;
    @Option(names = "--notify", paramLabel = "COMMAND", converter = NotifyCommandsConverter.class,
            description = "Run COMMAND when a request arrives, every --notify-every while it waits, and when it"
                    + " ends; repeatable, and ';' separates commands. Split into words like a shell does (quotes,"
                    + " backslash), never run by one; the request reaches it in environment variables such as"
                    + " MEDIACHANGE_MESSAGE."
                    + " Ready-made: /usr/share/mediachange/notify/ (see mediachanged(8)).")
    private List<NotifyCommands> notify;

    @Option(names = "--notify-every", paramLabel = "DURATION", defaultValue = "15m",
            converter = DurationConverter.class,
            description = "Remind through the --notify commands this often while a request waits; 0 never"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration notifyEvery;

    @Option(names = "--notify-after", paramLabel = "DURATION", defaultValue = "0",
            converter = DurationConverter.class,
            description = "Run the --notify commands only for requests still waiting after this long"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration notifyAfter;

    @Option(names = "--web-url", paramLabel = "URL", converter = WebUrlConverter.class,
            description = "The address operators reach the web console by, e.g. https://console.example.org:8443:"
                    + " gives every pending request an OK link and a Cancel link below it, for notifications"
                    + " (see WEB.md in " + DOC_DIR + "). Needs --web. Default: no links.")
    private URI webUrl;

    @Mixin
    private MetricsOption metrics;

    // Read by ConfigFileDefaults (installed by Main) before the defaults are applied; declared here
    // so that --help, the man page and the completion script know it.
    @Option(names = "--config", paramLabel = "FILE",
            description = "Read option defaults from FILE instead of /etc/mediachange/mediachanged.properties;"
                    + " options on the command line override it.")
    private Path configFile;

    @Option(names = "--check-config",
            description = "Check the options, the configuration file, the key file, the notify programs and the"
                    + " web console's files, say whether they are valid, and exit (0 if they are, 2 if not) without"
                    + " starting anything.")
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
        if (setPassword != null) {
            if (!spec.commandLine().getParseResult().hasMatchedOption("--set-password")) {
                throw new ParameterException(spec.commandLine(), "set-password is an action, not a setting:"
                        + " remove it from the configuration file and give --set-password NAME on the command line");
            }
            return SetPassword.run(operatorsFile(), setPassword, System.console(), System.in,
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        checkCombinations();
        PrintWriter err = spec.commandLine().getErr();
        // Said once, on the terminal (or the journal); the daemon goes on without that log file.
        for (String problem : LoggingProblems.find()) {
            err.println("mediachanged: " + Escaper.forDisplay(problem));
            err.flush();
        }
        Daemon.Settings settings;
        try {
            settings = settings();
        } catch (SettingsException e) {
            err.println("mediachanged: " + Escaper.forDisplay(e.getMessage()));
            err.flush();
            return ExitCode.USAGE.code();
        }
        if (checkConfig) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("mediachanged: configuration OK: " + Escaper.forDisplay(configSources()));
            out.flush();
            return ExitCode.OK.code();
        }
        return Daemon.run(settings, promptFactory, err);
    }

    /** A setting that its converter could not judge alone: a file's contents, a program's presence. */
    private static final class SettingsException extends Exception {
        private static final long serialVersionUID = 1L;

        SettingsException(String message) {
            super(message);
        }
    }

    /**
     * The settings, with what the files they name hold checked too: the key file,
     * the notify programs and (for {@code --check-config}; a start checks them
     * itself) the web console's files.
     */
    private Daemon.Settings settings() throws SettingsException {
        ServerConfig config = config();
        if (keyFile != null) {
            try {
                config = config.withKey(SharedKey.load(keyFile));
            } catch (KeyFileException e) {
                throw new SettingsException(e.getMessage());
            }
        }
        NotifyConfig notifyConfig = NotifyConfig.of(notify == null ? List.of() : notify, notifyAfter, notifyEvery);
        String notifyProblem = notifyConfig.programProblem(System.getenv("PATH")).orElse(null);
        if (notifyProblem != null) {
            throw new SettingsException("--notify: " + notifyProblem);
        }
        WebConfig webConfig = web == null ? null : webConfig(config);
        if (webConfig != null && checkConfig) {
            try {
                WebConsole.check(webConfig);
            } catch (WebSetupException e) {
                throw new SettingsException(e.getMessage());
            }
        }
        return new Daemon.Settings(config, dialog, bellInterval, webConfig, notifyConfig, metrics.address());
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

    /** Rules that join options: each option alone was checked by its converter. */
    private void checkCombinations() {
        if (dialog == DialogMode.none && web == null) {
            throw new ParameterException(spec.commandLine(),
                    "--dialog none needs --web: without a dialog, only the web console can answer");
        }
        if (webUrl != null && web == null) {
            throw new ParameterException(spec.commandLine(),
                    "--web-url needs --web: the links lead to the web console");
        }
    }

    private Path operatorsFile() {
        return operators != null ? operators : ConfigLocations.confDir().resolve("operators");
    }

    private WebConfig webConfig(ServerConfig config) {
        return new WebConfig(web, operatorsFile(), webTlsKeystore, webTlsPasswordFile, webInsecure,
                config.allowList(), WebLimits.DEFAULT, webUrl);
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
