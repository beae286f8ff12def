package org.mediachange.daemon.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mediachange.common.auth.KeyFileException;
import org.mediachange.common.cli.ConfigFileDefaults;
import org.mediachange.common.cli.DurationConverter;
import org.mediachange.common.cli.Program;
import org.mediachange.common.cli.VersionProvider;
import org.mediachange.common.net.Addresses;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.dialog.DialogSettings;
import org.mediachange.daemon.dialog.KeepWarm;
import org.mediachange.daemon.dialog.PromptFactory;
import org.mediachange.daemon.metrics.MetricsOption;
import org.mediachange.daemon.notify.NotifyConfig;
import org.mediachange.daemon.server.ServerConfig;
import org.mediachange.daemon.state.StateDirectory;
import org.mediachange.daemon.web.WebConfig;
import org.mediachange.daemon.web.WebConsole;
import org.mediachange.daemon.web.WebSetupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code mediachanged}: listens for requests and shows each to the operator. Runs in the foreground. */
// One string per paragraph: HelpLayout wraps them to the terminal, the man page generator to the page.
@Command(name = "mediachanged",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = {"mediachanged [OPTIONS]", "mediachanged set-password [OPTIONS] NAME"},
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
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n")
public final class DaemonCommand implements Callable<Integer> {

    /**
     * Where the documentation is: the launchers set {@code mediachange.docdir} for the tarball and
     * the checkout; the packages' place is the default (and what the man page says).
     */
    static final String DOC_DIR = "${sys:mediachange.docdir:-/usr/share/doc/mediachange-client}";

    /** Default of {@code --bell-interval}: the original's bell, every 15 s. */
    static final String DEFAULT_BELL_INTERVAL = "15s";
    /** Default of {@code --dialog}. */
    static final String DEFAULT_DIALOG = "x11";
    /**
     * Default of {@code --dialog-keep-warm}: a minute, which keeps the dialog process for a request
     * that follows an answer or belongs to the same burst, and gives its memory back soon after
     * (docs/PERFORMANCE.md weighs a cold start against the memory of a warm process).
     */
    static final String DEFAULT_DIALOG_KEEP_WARM = "1m";

    private static final Logger LOG = LoggerFactory.getLogger(DaemonCommand.class);

    @Spec
    private CommandSpec spec;

    // Every value with a range or a form is checked by its converter, so that a bad one is reported
    // where it was given: "Invalid value for option '--port': ..." from the command line, "FILE: key
    // 'port': invalid value ..." from a configuration file (ConfigFileDefaults), before anything runs.
    @Mixin
    private ServerOptions server;

    @Option(names = "--bell-interval", paramLabel = "DURATION", defaultValue = DEFAULT_BELL_INTERVAL,
            converter = DurationConverter.class,
            description = "Ring the bell this often while a dialog is open; 0 rings only when it appears"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration bellInterval;

    @Option(names = "--dialog", paramLabel = "MODE", defaultValue = DEFAULT_DIALOG,
            description = "x11: show each request in a dialog on DISPLAY; none: no dialog and no X display at all,"
                    + " requests are answered in the web console (needs --web) (default: ${DEFAULT-VALUE}).")
    private DialogMode dialog;

    @Option(names = "--dialog-keep-warm", paramLabel = "DURATION", defaultValue = DEFAULT_DIALOG_KEEP_WARM,
            converter = KeepWarmConverter.class,
            description = "The dialog process starts with the first request and ends when no dialog has been open"
                    + " for this long; 0 ends it with the last dialog, 'always' starts it with the daemon and keeps it"
                    + " (default: ${DEFAULT-VALUE}).")
    private KeepWarm dialogKeepWarm;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Keep the daemon's state (request ids, waiting and recently ended requests, the web"
                    + " console's secret) in DIR (default: $STATE_DIRECTORY as systemd sets it, /var/lib/mediachange"
                    + " when installed, else $XDG_STATE_HOME/mediachange or ~/.local/state/mediachange).")
    private Path stateDir;

    @Mixin
    private WebOptions webOptions;

    // The old option's spelling with its value attached, --set-password=NAME (as --help showed it);
    // "--set-password NAME" is an alias of the set-password command itself.
    @Option(names = "--set-password", paramLabel = "NAME", hidden = true)
    private String setPasswordAttached;

    @Mixin
    private NotifyOptions notifyOptions;

    @Mixin
    private MetricsOption metrics;

    // Read by ConfigFileDefaults (installed by Main) before the defaults are applied; declared here
    // so that --help, the man page and the completion script know it.
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Read option defaults from FILE instead of /etc/mediachange/mediachanged.properties;"
                    + " options on the command line override it.")
    private Path configFile;

    @Option(names = "--check-config",
            description = "Check the options, the configuration file, the key file, the notify programs, the"
                    + " web console's files, and that the audit log and the state directory can be written, say"
                    + " whether all is well, and exit (0 if it is, 2 if not) without starting anything.")
    private boolean checkConfig;

    private final PromptFactory promptFactory;

    /** A command that shows requests through {@code promptFactory}. */
    public DaemonCommand(PromptFactory promptFactory) {
        this.promptFactory = promptFactory;
    }

    /** The program: its name, its exit codes, and how its command line reports problems. */
    static final Program<ExitCode> PROGRAM = Program.of("mediachanged", ExitCode.class, ExitCode.USAGE,
            ExitCode.FAILURE).loggingInternalErrors(ex -> LOG.error("internal error", ex));

    /** The configured command line, with its set-password command, and one-line error reporting. */
    public static CommandLine commandLine(PromptFactory promptFactory, PrintWriter out, PrintWriter err) {
        return commandLine(promptFactory, System.in, out, err);
    }

    /** As {@link #commandLine(PromptFactory, PrintWriter, PrintWriter)}, set-password reading {@code stdin}. */
    static CommandLine commandLine(PromptFactory promptFactory, InputStream stdin, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new DaemonCommand(promptFactory));
        cl.addSubcommand(new SetPasswordCommand(System.console(), stdin));
        return PROGRAM.configure(cl, out, err);
    }

    /**
     * Makes {@code defaultFiles}, or the file named by {@code --config}, supply the
     * option defaults of {@code commandLine} (a command line of this class).
     */
    public static ConfigFileDefaults readConfigFiles(CommandLine commandLine, List<Path> defaultFiles) {
        return ConfigFileDefaults.install(commandLine, defaultFiles, "--config", Set.of(),
                Set.of("--check-config", "--set-password"));
    }

    @Override
    public Integer call() {
        if (setPasswordAttached != null) {
            if (!spec.commandLine().getParseResult().hasMatchedOption("--set-password")) {
                throw new ParameterException(spec.commandLine(), "set-password is something to do, not a setting:"
                        + " remove it from the configuration file");
            }
            return ((SetPasswordCommand) spec.subcommands().get("set-password").getCommand()).run(setPasswordAttached);
        }
        checkCombinations();
        PrintWriter err = spec.commandLine().getErr();
        List<String> logging = LoggingProblems.find();
        if (!checkConfig) {
            // Said once, on the terminal (or the journal); the daemon goes on without that log file.
            logging.forEach(problem -> PROGRAM.error(err, problem));
        }
        Daemon.Settings settings;
        try {
            settings = settings();
        } catch (SettingsException e) {
            return PROGRAM.fail(err, e.getMessage(), ExitCode.USAGE);
        }
        Optional<Path> auditLog = AuditFile.path();
        ServiceFiles.givenBack(auditLog, settings.state()).ifPresent(line -> PROGRAM.error(err, line));
        if (checkConfig) {
            // What the service would otherwise only find out later: a log or state it cannot write.
            List<String> unwritable = ServiceFiles.problems(auditLog, settings.state());
            for (String problem : unwritable.isEmpty() ? logging : unwritable) {
                PROGRAM.error(err, problem);
            }
            if (!unwritable.isEmpty() || !logging.isEmpty()) {
                return ExitCode.USAGE.code();
            }
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
        ServerConfig config;
        try {
            config = server.config();
        } catch (KeyFileException e) {
            throw new SettingsException(e.getMessage());
        }
        NotifyConfig notifyConfig = notifyOptions.config();
        String notifyProblem = notifyConfig.programProblem(System.getenv("PATH")).orElse(null);
        if (notifyProblem != null) {
            throw new SettingsException("--notify: " + notifyProblem);
        }
        String clash = PortClash.find(server.bind(), server.port(), webOptions.address()).orElse(null);
        if (clash != null) {
            throw new SettingsException(clash);
        }
        StateDirectory state = stateDir != null ? new StateDirectory(stateDir) : StateDirectory.byDefault();
        WebConfig webConfig = webOptions.config(config.allowList(), state);
        if (webConfig != null && checkConfig) {
            try {
                WebConsole.check(webConfig);
            } catch (WebSetupException e) {
                throw new SettingsException(e.getMessage());
            }
        }
        return new Daemon.Settings(config, dialog, new DialogSettings(bellInterval, dialogKeepWarm), webConfig,
                notifyConfig, state, metrics.address());
    }

    /** "127.0.0.1 port 8979", "::1 port 8979", or "all interfaces port 8979" for {@code address} null. */
    static String where(InetAddress address, int port) {
        return (address == null ? "all interfaces" : Addresses.format(address)) + " port " + port;
    }

    /** Rules that join options: each option alone was checked by its converter. */
    private void checkCombinations() {
        if (dialog == DialogMode.none && webOptions.address() == null) {
            throw new ParameterException(spec.commandLine(),
                    "--dialog none needs --web: without a dialog, only the web console can answer");
        }
        if (webOptions.hasUrl() && webOptions.address() == null) {
            throw new ParameterException(spec.commandLine(),
                    "--web-url needs --web: the links lead to the web console");
        }
    }

    /** The web console's operators file, for the set-password command. */
    Path operatorsFile() {
        return webOptions.operatorsFile();
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
