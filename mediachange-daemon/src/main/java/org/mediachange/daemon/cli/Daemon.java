package org.mediachange.daemon.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.mediachange.common.cli.VersionProvider;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.dialog.DialogHealth;
import org.mediachange.daemon.dialog.DialogSettings;
import org.mediachange.daemon.dialog.DialogSurface;
import org.mediachange.daemon.dialog.NoDialog;
import org.mediachange.daemon.dialog.NoDisplayException;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.dialog.PromptFactory;
import org.mediachange.daemon.dialog.WhenDialogFails;
import org.mediachange.daemon.health.Health;
import org.mediachange.daemon.health.HealthHandler;
import org.mediachange.daemon.metrics.DaemonMetrics;
import org.mediachange.daemon.metrics.MetricsHandler;
import org.mediachange.daemon.metrics.MetricsServer;
import org.mediachange.daemon.notify.AnswerUrls;
import org.mediachange.daemon.notify.Notifier;
import org.mediachange.daemon.notify.NotifyConfig;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.server.AcceptLoop;
import org.mediachange.daemon.server.HostNames;
import org.mediachange.daemon.server.ServerConfig;
import org.mediachange.daemon.state.FileOwners;
import org.mediachange.daemon.state.StateDirectory;
import org.mediachange.daemon.state.StateStore;
import org.mediachange.daemon.systemd.ServiceStatus;
import org.mediachange.daemon.systemd.SystemdNotifier;
import org.mediachange.daemon.web.WebConfig;
import org.mediachange.daemon.web.WebConsole;
import org.mediachange.daemon.web.WebSetupException;
import org.mediachange.daemon.web.http.WebLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's parts, started in order (the operator's dialog, the saved
 * state, the audit log, the metrics, the request port, the web console, the
 * metrics port, the notify commands) around one {@link RequestBoard}, then
 * systemd told it is ready; stopped in a fixed order by the shutdown hook. A part that cannot
 * start stops the ones before it and ends the run with one line on stderr and
 * its exit code.
 */
final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /**
     * Everything the daemon needs, checked.
     *
     * @param server       the request port's settings
     * @param dialog       how requests are shown at the console
     * @param dialogSettings how often the dialog rings, how long its process stays without dialogs
     * @param web          the web console's settings, or {@code null} when it is off
     * @param notifications the notify commands (possibly none)
     * @param state        where the daemon keeps what must outlive it
     * @param metrics      where to serve {@code /metrics} on a port of its own, or {@code null}
     */
    record Settings(ServerConfig server, DialogMode dialog, DialogSettings dialogSettings, WebConfig web,
            NotifyConfig notifications, StateDirectory state, InetSocketAddress metrics) {

        /** Rejects nulls where a value is needed. */
        Settings {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(dialog, "dialog");
            Objects.requireNonNull(dialogSettings, "dialogSettings");
            Objects.requireNonNull(notifications, "notifications");
            Objects.requireNonNull(state, "state");
        }
    }

    private Daemon() {
    }

    /** Starts every part and serves until the JVM is stopped; the exit code when a part cannot start. */
    static int run(Settings settings, PromptFactory promptFactory, PrintWriter err) {
        Instant started = Instant.now();
        String version = VersionProvider.version();
        OperatorPrompt prompt;
        try {
            prompt = settings.dialog() == DialogMode.none ? new NoDialog() : promptFactory.open(settings.dialogSettings());
        } catch (NoDisplayException e) {
            return fail(err, e.getMessage(), ExitCode.NO_DISPLAY);
        }
        // The dialog process's prompt can say how the display is; an in-process or scripted one cannot.
        DialogHealth display = prompt instanceof DialogHealth d ? d : null;
        Clock clock = Clock.systemUTC();
        StateStore.Opened state;
        try {
            state = StateStore.open(settings.state(), clock, AuditFile::largestId);
        } catch (StateStore.InUseException e) {
            prompt.close();
            return fail(err, e.getMessage(), ExitCode.FAILURE);
        }
        StateStore store = state.store();
        AuditLog audit = new AuditLog();
        RequestBoard board = new RequestBoard(clock, store, state.board());
        // Metrics are kept only where they are served: the web console, or --metrics.
        DaemonMetrics metrics = settings.web() == null && settings.metrics() == null ? null
                : DaemonMetrics.start(board, started, version).refusals(audit.refusals());
        if (metrics != null && display != null) {
            metrics.dialog(display);
        }
        Health health = new Health(board, display, started, version, settings.web() != null);
        MetricsHandler metricsPage = metrics == null ? null : new MetricsHandler(metrics::scrape);
        // Decided here, once: with the web console on, a request whose dialog fails can still be answered there.
        DialogSurface dialog = DialogSurface.attach(board, prompt, settings.web() == null
                ? WhenDialogFails.END_REQUEST : WhenDialogFails.LEAVE_TO_OTHER_SURFACES);
        ServerConfig config = settings.server();
        AcceptLoop loop;
        try {
            loop = AcceptLoop.bind(config, HostNames.reverseDns(4, 64), audit, board);
        } catch (IOException e) {
            // nothing was written: the state stays as the last run left it
            closeAll(store, metrics, audit, dialog);
            return fail(err, "cannot listen on " + DaemonCommand.where(config.bindAddress(), config.port()) + ": "
                    + e.getMessage(), ExitCode.FAILURE);
        }
        // From here on ids are handed out: reserve the first ones on disk before any request comes.
        store.attach(board::saved).ifPresent(problem -> DaemonCommand.PROGRAM.error(err, problem));
        WebConsole console = null;
        if (settings.web() != null) {
            try {
                console = WebConsole.start(settings.web(), board, clock, List.of(
                        new WebConsole.Mount(MetricsHandler.PATH, metricsPage, true),
                        new WebConsole.Mount(HealthHandler.PATH, new HealthHandler(health), false)));
                metrics.loginFailures(console.loginFailures());
                // Run as root in the service's state directory: the secret stays the service's, as the state file.
                FileOwners.giveToDirectoryOwner(settings.web().secretFile());
            } catch (IOException e) {
                LOG.warn("cannot give {} to the owner of its directory: {}", settings.web().secretFile(),
                        e.getMessage());
            } catch (WebSetupException e) {
                loop.stop();
                closeAll(store, metrics, audit, dialog);
                return fail(err, e.getMessage(), e.cannotListen() ? ExitCode.FAILURE : ExitCode.USAGE);
            }
        }
        WebConsole web = console;
        MetricsServer metricsServer = null;
        if (settings.metrics() != null) {
            try {
                metricsServer = MetricsServer.start(settings.metrics(), config.allowList(), WebLimits.DEFAULT,
                        metricsPage);
                LOG.info("metrics on http://{}/metrics", WebConsole.hostAndPort(metricsServer.address()));
            } catch (IOException e) {
                loop.stop();
                closeAll(store, web, metrics, audit, dialog);
                return fail(err, "cannot listen on " + WebConsole.hostAndPort(settings.metrics()) + " for the metrics: "
                        + e.getMessage(), ExitCode.FAILURE);
            }
        }
        MetricsServer metricsPort = metricsServer;
        Notifier notifier = Notifier.start(settings.notifications(), board, web != null ? web.links() : AnswerUrls.NONE);
        if (metrics != null) {
            metrics.notifyRuns(notifier.runs());
        }
        ReturnGrace grace = ReturnGrace.start(board, audit, ReturnGrace.GRACE);
        SystemdNotifier systemd = SystemdNotifier.fromEnvironment(System.getenv());
        // Under systemd only: a thread that reports the status and feeds the watchdog.
        ServiceStatus status = !systemd.enabled() ? null
                : ServiceStatus.create(systemd, health::report, board, loop, ServiceStatus.DEFAULT_STALE_AFTER);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(status); // STOPPING=1 to systemd
            loop.stop(); // every pending client hears Error shutting down; the board keeps their requests
            closeAll(grace);
            closeAll(store); // on disk before anything else: the requests the stop kept, the exact next id
            closeAll(web, metricsPort);
            dialog.close(); // the dialogs go
            audit.close(); // writes the summaries of refusals counted so far
            notifier.close(); // last: requests that ended while stopping get their closed runs
            closeAll(metrics, systemd);
        }, "mediachanged-shutdown"));
        InetSocketAddress local = loop.localAddress();
        LOG.info("mediachanged {} listening on {}, allowing {}", version,
                DaemonCommand.where(config.bindAddress() == null ? null : local.getAddress(), local.getPort()),
                config.allowList());
        systemd.ready("listening on port " + local.getPort());
        if (status != null) {
            status.start();
        }
        loop.run();
        return ExitCode.OK.code();
    }

    /** Closes each of {@code parts} that is there, in order; one that fails does not keep the others open. */
    private static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable p : parts) {
            if (p == null) {
                continue;
            }
            try {
                p.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", p.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static int fail(PrintWriter err, String message, ExitCode code) {
        return DaemonCommand.PROGRAM.fail(err, message, code);
    }
}
