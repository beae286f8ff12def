package org.mediachange.daemon.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.mediachange.common.cli.VersionProvider;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.dialog.DialogSurface;
import org.mediachange.daemon.dialog.NoDialog;
import org.mediachange.daemon.dialog.NoDisplayException;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.dialog.PromptFactory;
import org.mediachange.daemon.dialog.WhenDialogFails;
import org.mediachange.daemon.notify.AnswerUrls;
import org.mediachange.daemon.notify.Notifier;
import org.mediachange.daemon.notify.NotifyConfig;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.server.AcceptLoop;
import org.mediachange.daemon.server.HostNames;
import org.mediachange.daemon.server.ServerConfig;
import org.mediachange.daemon.web.WebConfig;
import org.mediachange.daemon.web.WebConsole;
import org.mediachange.daemon.state.StateDirectory;
import org.mediachange.daemon.web.WebSetupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's parts, started in order (the operator's dialog, the audit log,
 * the request port, the web console, the notify commands) around one
 * {@link RequestBoard}, and stopped in a fixed order by the shutdown hook. A
 * part that cannot start stops the ones before it and ends the run with one
 * line on stderr and its exit code.
 */
final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /**
     * Everything the daemon needs, checked.
     *
     * @param server       the request port's settings
     * @param dialog       how requests are shown at the console
     * @param bellInterval how often the dialog rings
     * @param web          the web console's settings, or {@code null} when it is off
     * @param notifications the notify commands (possibly none)
     * @param state        where the daemon keeps what must outlive it
     */
    record Settings(ServerConfig server, DialogMode dialog, Duration bellInterval, WebConfig web,
            NotifyConfig notifications, StateDirectory state) {

        /** Rejects nulls where a value is needed. */
        Settings {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(dialog, "dialog");
            Objects.requireNonNull(bellInterval, "bellInterval");
            Objects.requireNonNull(notifications, "notifications");
            Objects.requireNonNull(state, "state");
        }
    }

    private Daemon() {
    }

    /** Starts every part and serves until the JVM is stopped; the exit code when a part cannot start. */
    static int run(Settings settings, PromptFactory promptFactory, PrintWriter err) {
        OperatorPrompt prompt;
        try {
            prompt = settings.dialog() == DialogMode.none ? new NoDialog() : promptFactory.open(settings.bellInterval());
        } catch (NoDisplayException e) {
            return fail(err, e.getMessage(), ExitCode.NO_DISPLAY);
        }
        AuditLog audit = new AuditLog();
        RequestBoard board = new RequestBoard();
        // Decided here, once: with the web console on, a request whose dialog fails can still be answered there.
        DialogSurface dialog = DialogSurface.attach(board, prompt, settings.web() == null
                ? WhenDialogFails.END_REQUEST : WhenDialogFails.LEAVE_TO_OTHER_SURFACES);
        ServerConfig config = settings.server();
        AcceptLoop loop;
        try {
            loop = AcceptLoop.bind(config, HostNames.reverseDns(4, 64), audit, board);
        } catch (IOException e) {
            audit.close();
            dialog.close();
            return fail(err, "cannot listen on " + DaemonCommand.where(config.bindAddress(), config.port()) + ": "
                    + e.getMessage(), ExitCode.FAILURE);
        }
        WebConsole console = null;
        if (settings.web() != null) {
            try {
                console = WebConsole.start(settings.web(), board, Clock.systemUTC());
            } catch (WebSetupException e) {
                loop.stop();
                audit.close();
                dialog.close();
                return fail(err, e.getMessage(), e.cannotListen() ? ExitCode.FAILURE : ExitCode.USAGE);
            }
        }
        WebConsole web = console;
        Notifier notifier = Notifier.start(settings.notifications(), board, web != null ? web.links() : AnswerUrls.NONE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.stop(); // every pending client hears Error shutting down
            if (web != null) {
                web.close();
            }
            dialog.close(); // the dialogs go
            audit.close(); // writes the summaries of refusals counted so far
            notifier.close(); // last: the requests that shutdown ended get their closed runs
        }, "mediachanged-shutdown"));
        InetSocketAddress local = loop.localAddress();
        LOG.info("mediachanged {} listening on {}, allowing {}", VersionProvider.version(),
                DaemonCommand.where(config.bindAddress() == null ? null : local.getAddress(), local.getPort()),
                config.allowList());
        loop.run();
        return ExitCode.OK.code();
    }

    private static int fail(PrintWriter err, String message, ExitCode code) {
        return DaemonCommand.PROGRAM.fail(err, message, code);
    }
}
