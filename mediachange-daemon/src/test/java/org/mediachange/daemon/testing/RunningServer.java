package org.mediachange.daemon.testing;

import java.io.IOException;
import java.time.Duration;
import org.mediachange.common.protocol.Wire;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.server.AcceptLoop;
import org.mediachange.daemon.server.HostNames;
import org.mediachange.daemon.server.ServerConfig;

/**
 * The real accept loop on 127.0.0.1, a free port, with a given operator;
 * stopped on close, and its audit log closed after it, as the daemon does.
 */
public final class RunningServer implements AutoCloseable {

    private final AcceptLoop loop;
    private final AuditLog audit;
    private final Thread thread;

    private RunningServer(AcceptLoop loop, AuditLog audit) {
        this.loop = loop;
        this.audit = audit;
        this.thread = loop.start();
    }

    /** Starts with the defaults, allowing loopback. */
    public static RunningServer start(OperatorPrompt prompt) throws IOException {
        return start(prompt, config(AllowList.parse(java.util.List.of("127.0.0.0/8", "::1"))));
    }

    /** Starts with {@code config}, which should bind 127.0.0.1 port 0 (see {@link #config}). */
    public static RunningServer start(OperatorPrompt prompt, ServerConfig config) throws IOException {
        return start(prompt, config, HostNames.addressesOnly());
    }

    /** As {@link #start(OperatorPrompt, ServerConfig)}, looking up host names with {@code hostNames}. */
    public static RunningServer start(OperatorPrompt prompt, ServerConfig config, HostNames hostNames)
            throws IOException {
        return start(prompt, config, hostNames, new AuditLog());
    }

    /** As {@link #start(OperatorPrompt, ServerConfig)}, writing to {@code audit} (closed with the server). */
    public static RunningServer start(OperatorPrompt prompt, ServerConfig config, AuditLog audit) throws IOException {
        return start(prompt, config, HostNames.addressesOnly(), audit);
    }

    private static RunningServer start(OperatorPrompt prompt, ServerConfig config, HostNames hostNames, AuditLog audit)
            throws IOException {
        return new RunningServer(AcceptLoop.bind(config, prompt, hostNames, audit), audit);
    }

    /** Default settings on 127.0.0.1 port 0 with {@code allow}. */
    public static ServerConfig config(AllowList allow) {
        return new ServerConfig(java.net.InetAddress.getLoopbackAddress(), 0, allow, Wire.DEFAULT_MAX_LINE_BYTES,
                ServerConfig.DEFAULT_REQUEST_TIMEOUT, Duration.ZERO, ServerConfig.DEFAULT_MAX_PENDING,
                ServerConfig.DEFAULT_MAX_PER_SOURCE, Duration.ofSeconds(1));
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
        audit.close();
    }
}
