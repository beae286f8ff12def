package org.mediachange.daemon.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.protocol.Answer;
import org.mediachange.common.protocol.Reply;
import org.mediachange.common.protocol.Wire;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.requests.RequestBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking accept loop. For each connection it checks the peer against
 * the allow-list and the pending caps before reading a byte, answers
 * {@code Denied} or {@code Busy} itself, and otherwise hands the connection
 * to a {@link Session} on a thread of its own, named after the peer
 * while it works. No DNS, no reads and no waiting happen on this thread, so one
 * slow peer cannot hold up another.
 *
 * <p>Handler threads are kept for {@link #IDLE_THREAD_SECONDS} after their
 * connection ends and reused: starting a thread costs more CPU than the rest of
 * a request (see docs/PERFORMANCE.md). Their number is bounded by the pending
 * caps, as before, not by the pool.
 */
public final class AcceptLoop {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptLoop.class);
    /** Room for bursts of connections while the loop is busy (the kernel caps it at net.core.somaxconn). */
    private static final int BACKLOG = 1024;
    private static final long ACCEPT_ERROR_PAUSE_MILLIS = 100;
    /** How long {@link #stop()} waits for handlers to send {@code Error shutting down}. */
    private static final long STOP_WAIT_MILLIS = 3000;
    /** How long an idle handler thread waits for the next connection before it ends. */
    static final long IDLE_THREAD_SECONDS = 5;
    /**
     * The loop comes round at least this often even with no connection (an accept
     * timeout), so that {@link #lastTurnNanos()} shows it is alive: the systemd
     * watchdog is fed only while it is (see the systemd package).
     */
    public static final int TURN_MILLIS = 2000;

    private final ServerConfig config;
    private final AuditLog audit;
    private final OpenSessions sessions;
    private final SessionContext context;
    private final ServerSocket server;
    private final ExecutorService handlers;
    private volatile boolean running = true;
    /** When the loop last came round (nanoTime). */
    private volatile long lastTurnNanos = System.nanoTime();

    private AcceptLoop(SessionContext context, ServerSocket server) {
        this.context = context;
        this.config = context.config();
        this.audit = context.audit();
        this.sessions = context.sessions();
        this.server = server;
        // No queue: every admitted connection gets a thread at once (an idle one or a new one).
        this.handlers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), DaemonThreads.numbered("mediachanged-handler"));
    }

    /**
     * Binds the listening socket at once, so a busy port fails at start. Requests go
     * on {@code board}, where the surfaces (the X dialog among them) see and answer them.
     *
     * @throws IOException when the address cannot be bound
     */
    public static AcceptLoop bind(ServerConfig config, HostNames hostNames, AuditLog audit, RequestBoard board)
            throws IOException {
        return bind(config, hostNames, audit, board, System::nanoTime);
    }

    /** As {@link #bind(ServerConfig, HostNames, AuditLog, RequestBoard)}, timing with {@code nanoClock} (tests). */
    static AcceptLoop bind(ServerConfig config, HostNames hostNames, AuditLog audit, RequestBoard board,
            LongSupplier nanoClock) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.setSoTimeout(TURN_MILLIS);
            server.bind(new InetSocketAddress(config.bindAddress(), config.port()), BACKLOG);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        SessionContext context = new SessionContext(config, board, audit, hostNames,
                new RequestAuthenticator(config.key()), new OpenSessions(config.maxPending(), config.maxPerSource()),
                nanoClock);
        return new AcceptLoop(context, server);
    }

    /** The address actually bound (the real port when the config asked for port 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** The requests being handled and recently ended. */
    public RequestBoard board() {
        return context.board();
    }

    /** Number of connections being handled now. */
    public int pendingCount() {
        return sessions.size();
    }

    /** Runs the loop on the calling thread until {@link #stop()}. */
    public void run() {
        while (running) {
            lastTurnNanos = System.nanoTime();
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketTimeoutException e) {
                continue; // no connection for a while: only comes round
            } catch (IOException e) {
                if (!running) {
                    break;
                }
                // E.g. out of file descriptors: log, pause briefly, keep serving.
                LOG.error("accept failed: {}", e.toString());
                pause();
                continue;
            }
            try {
                dispatch(socket, context.nanoClock().getAsLong());
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.error("could not handle a connection", e);
                closeQuietly(socket);
            }
        }
        LOG.debug("accept loop ended");
    }

    /**
     * When the loop last came round (System.nanoTime()): at least every
     * {@link #TURN_MILLIS} while it runs; older means it is stuck or stopped.
     */
    public long lastTurnNanos() {
        return lastTurnNanos;
    }

    /** Whether {@link #run()} has not been stopped. */
    public boolean running() {
        return running;
    }

    /** Starts {@link #run()} on a new thread; for tests and embedding. */
    public Thread start() {
        Thread t = new Thread(this::run, "mediachanged-accept");
        t.start();
        return t;
    }

    private void dispatch(Socket socket, long acceptedNanos) {
        InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
        if (!config.allowList().allows(peer.getAddress())) {
            refuse(socket, Answer.DENIED);
            audit.refused(Ending.TurnedAway.DENIED, peer, context.secondsSince(acceptedNanos));
            return;
        }
        Session session = new Session(socket, acceptedNanos, context);
        if (!sessions.admit(session)) {
            refuse(socket, Answer.BUSY);
            audit.refused(Ending.TurnedAway.BUSY, peer, context.secondsSince(acceptedNanos));
            return;
        }
        try {
            handlers.execute(session);
        } catch (OutOfMemoryError | RejectedExecutionException e) {
            // Cannot create a thread (or stopping): the request is refused, not lost silently.
            sessions.release(session);
            refuse(socket, Answer.BUSY);
            audit.refused(Ending.TurnedAway.BUSY, peer, context.secondsSince(acceptedNanos));
            LOG.error("cannot start a thread for {}: {}", session.threadName(), e.toString());
        }
    }

    /**
     * Sends a one-word refusal and closes without blocking this thread. Bytes
     * the client already sent are discarded first, so the close sends FIN
     * rather than a reset that could destroy the refusal in flight.
     */
    private static void refuse(Socket socket, Answer answer) {
        try (socket) {
            socket.getOutputStream().write(Wire.encodeLine(Reply.of(answer).toLine()));
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            int available = in.available();
            if (available > 0) {
                in.skipNBytes(available);
            }
        } catch (IOException e) {
            LOG.debug("refusing {}: {}", socket.getRemoteSocketAddress(), e.toString());
        }
    }

    /**
     * Stops accepting, tells every pending client {@code Error shutting down},
     * and waits briefly for their handlers to finish. Safe to call more than once.
     */
    public void stop() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the listening socket: {}", e.toString());
        }
        sessions.shutdownAll();
        try {
            if (!sessions.awaitEmpty(STOP_WAIT_MILLIS)) {
                LOG.warn("{} request(s) still open at shutdown", sessions.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handlers.shutdown();
    }

    private static void pause() {
        try {
            Thread.sleep(ACCEPT_ERROR_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.trace("close: {}", e.toString());
        }
    }
}
