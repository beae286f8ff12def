package org.mediachange.daemon.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.dialog.DialogSurface;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.dialog.WhenDialogFails;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.server.AcceptLoop;
import org.mediachange.daemon.server.HostNames;
import org.mediachange.daemon.server.ServerConfig;

/**
 * The real accept loop on 127.0.0.1, a free port, with a given operator at
 * the dialog (a {@link DialogSurface} on the loop's board, as the daemon has);
 * stopped on close, then the dialog surface and the audit log, as the daemon
 * does.
 */
public final class RunningServer implements AutoCloseable {

    private final AcceptLoop loop;
    private final DialogSurface dialog;
    private final AuditLog audit;
    private final Thread thread;

    private RunningServer(AcceptLoop loop, DialogSurface dialog, AuditLog audit) {
        this.loop = loop;
        this.dialog = dialog;
        this.audit = audit;
        this.thread = loop.start();
    }

    /** A server whose dialog is {@code prompt}, to set up and {@link Builder#start()}. */
    public static Builder with(OperatorPrompt prompt) {
        return new Builder(prompt);
    }

    /** Starts with the defaults, allowing loopback. */
    public static RunningServer start(OperatorPrompt prompt) throws IOException {
        return with(prompt).start();
    }

    /** Starts with {@code config}, which should bind 127.0.0.1 port 0 (see {@link #config}). */
    public static RunningServer start(OperatorPrompt prompt, ServerConfig config) throws IOException {
        return with(prompt).config(config).start();
    }

    /** As {@link #start(OperatorPrompt, ServerConfig)}, looking up host names with {@code hostNames}. */
    public static RunningServer start(OperatorPrompt prompt, ServerConfig config, HostNames hostNames)
            throws IOException {
        return with(prompt).config(config).hostNames(hostNames).start();
    }

    /** As {@link #start(OperatorPrompt, ServerConfig)}, writing to {@code audit} (closed with the server). */
    public static RunningServer start(OperatorPrompt prompt, ServerConfig config, AuditLog audit) throws IOException {
        return with(prompt).config(config).audit(audit).start();
    }

    /**
     * Test settings to start from: 127.0.0.1 port 0, allowing loopback, host names
     * awaited for 1 s, the rest the daemon's defaults; set what a test needs by name.
     */
    public static ServerConfig.Builder loopback() {
        return ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .allowList(AllowList.parse(List.of("127.0.0.0/8", "::1"))).resolveTimeout(Duration.ofSeconds(1));
    }

    /** {@link #loopback()} settings allowing {@code allow}. */
    public static ServerConfig config(AllowList allow) {
        return loopback().allowList(allow).build();
    }

    /** What a {@link RunningServer} runs with; every setting has a test default. */
    public static final class Builder {

        private final OperatorPrompt prompt;
        private ServerConfig config = loopback().build();
        private HostNames hostNames = HostNames.addressesOnly();
        private AuditLog audit;
        private WhenDialogFails whenDialogFails = WhenDialogFails.END_REQUEST;
        private RequestBoard board;

        private Builder(OperatorPrompt prompt) {
            this.prompt = prompt;
        }

        /** Default: {@link #config(AllowList)} allowing loopback. */
        public Builder config(ServerConfig c) {
            this.config = c;
            return this;
        }

        /** Default: addresses only, no DNS. */
        public Builder hostNames(HostNames h) {
            this.hostNames = h;
            return this;
        }

        /** Default: a new audit log; closed with the server either way. */
        public Builder audit(AuditLog a) {
            this.audit = a;
            return this;
        }

        /** Default: {@link WhenDialogFails#END_REQUEST}, as without the web console. */
        public Builder whenDialogFails(WhenDialogFails w) {
            this.whenDialogFails = w;
            return this;
        }

        /** Default: a new board that keeps nothing. */
        public Builder board(RequestBoard b) {
            this.board = b;
            return this;
        }

        /** Binds and starts the accept loop. */
        public RunningServer start() throws IOException {
            AuditLog log = audit != null ? audit : new AuditLog();
            RequestBoard board = this.board != null ? this.board : new RequestBoard();
            DialogSurface dialog = DialogSurface.attach(board, prompt, whenDialogFails);
            try {
                return new RunningServer(AcceptLoop.bind(config, hostNames, log, board), dialog, log);
            } catch (IOException | RuntimeException e) {
                dialog.close();
                log.close();
                throw e;
            }
        }
    }

    /** The port it listens on. */
    public int port() {
        return loop.localAddress().getPort();
    }

    /** The accept loop. */
    public AcceptLoop loop() {
        return loop;
    }

    @Override
    public void close() throws InterruptedException {
        loop.stop();
        thread.join(10_000);
        dialog.close();
        audit.close();
    }
}
