package org.mediachange.daemon.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mediachange.common.net.Addresses;
import org.mediachange.common.protocol.LineReader;
import org.mediachange.common.protocol.LineReader.IncompleteLineException;
import org.mediachange.common.protocol.LineReader.LineTooLongException;
import org.mediachange.common.time.Deadline;
import org.mediachange.daemon.audit.AuditEntry;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestError;
import org.mediachange.daemon.requests.PendingRequest;
import org.mediachange.daemon.requests.RequestBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One allowed connection, on a thread of its own while it lasts: reads the
 * request line within the request deadline, checks it
 * ({@link RequestAuthenticator}), puts the request on the {@link RequestBoard}
 * (where every surface sees it, the X dialog included) and waits for its end
 * while the {@link PeerWatch} watches the client. Writes exactly one answer
 * line (or none, if the client is gone), closes the socket, and writes exactly
 * one audit line, whatever fails on the way; except when the daemon stops
 * while the request waits and its board keeps pending requests across a
 * restart ({@link RequestBoard#keepsPending()}): the client is told
 * {@code Error shutting down} and the request stays, to be continued (and
 * audited once) when the client sends it again.
 *
 * <p>Whatever ends the wait (an operator on any surface, the client leaving,
 * the answer timeout, shutdown) resolves the {@link PendingRequest} first; the
 * winner is the outcome, and {@link PeerWatch#wake()} wakes this thread from
 * its read. The session knows the board, not which surfaces exist.
 */
final class Session implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final Socket socket;
    private final InetSocketAddress peer;
    /** The peer's address in compact text form, as shown and logged. */
    private final String address;
    private final long acceptedNanos;
    private final SessionContext context;
    private final PeerWatch watch;
    /** Set by {@link #shutdown()}, which may come before there is a request to resolve; guarded by this. */
    private boolean shuttingDown;
    /** The request on the board, once the line has been read and accepted; guarded by this. */
    private PendingRequest request;
    /** Whether the one audit line has been written. */
    private boolean audited;

    Session(Socket socket, long acceptedNanos, SessionContext context) {
        this.socket = socket;
        this.peer = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.address = Addresses.format(peer.getAddress());
        this.acceptedNanos = acceptedNanos;
        this.context = context;
        this.watch = new PeerWatch(socket);
    }

    InetAddress source() {
        return peer.getAddress();
    }

    /** Thread name: the peer, so thread dumps and logs say whose request it is. */
    String threadName() {
        return "mediachanged-" + address + "-" + peer.getPort();
    }

    /** Ends the request with {@code Error shutting down}; any thread. */
    void shutdown() {
        PendingRequest r;
        synchronized (this) { // so that no request goes on the board after this
            shuttingDown = true;
            r = request;
        }
        if (r == null || r.resolve(Ending.failed(RequestError.SHUTTING_DOWN))) {
            watch.wake();
        }
    }

    @Override
    public void run() {
        // Handler threads are reused: named after the peer only while they serve it.
        Thread self = Thread.currentThread();
        String idleName = self.getName();
        self.setName(threadName());
        MDC.put("peer", address + " port " + peer.getPort());
        try {
            handle();
        } catch (RuntimeException | Error e) {
            LOG.error("unexpected failure handling a request", e);
            failed();
        } finally {
            closeQuietly();
            context.sessions().release(this);
            MDC.clear();
            self.setName(idleName);
        }
    }

    private synchronized PendingRequest request() {
        return request;
    }

    private synchronized boolean shuttingDown() {
        return shuttingDown;
    }

    /** After an unexpected failure: the client still gets an answer and the request its audit line. */
    private void failed() {
        if (audited) {
            return;
        }
        Ending ending = Ending.failed(RequestError.INTERNAL);
        PendingRequest r = request();
        if (r != null) {
            r.resolve(ending);
        }
        send(ending, null);
        double seconds = context.secondsSince(acceptedNanos);
        finish(r == null ? AuditEntry.refusal(ending, peer, null, seconds)
                : AuditEntry.of(r.info(), ending, true, peer, seconds));
    }

    private void handle() {
        String line = readLine();
        if (line == null) {
            return;
        }
        if (shuttingDown()) {
            refuse(RequestError.SHUTTING_DOWN, line);
            return;
        }
        RequestAuthenticator.Checked checked = context.authenticator().check(line, System.currentTimeMillis());
        if (checked instanceof RequestAuthenticator.Refused r) {
            refuse(r.error(), r.message());
            return;
        }
        RequestAuthenticator.Accepted accepted = (RequestAuthenticator.Accepted) checked;
        String message = accepted.message();
        if (message.isBlank()) {
            refuse(RequestError.EMPTY, message);
            return;
        }
        // Only a complete, valid request costs a DNS query, so a connection flood is not a DNS flood.
        String host = await(context.hostNames().lookup(peer.getAddress()), context.config().resolveTimeout(),
                address);
        long lineNanos = context.nanoClock().getAsLong();

        PendingRequest r;
        synchronized (this) {
            // A shutdown during the lookup ends the request here: on the board, surfaces would show it.
            r = shuttingDown ? null : context.board().open(address, peer.getPort(), host, message);
            request = r;
        }
        if (r == null) {
            refuse(RequestError.SHUTTING_DOWN, message);
            return;
        }
        r.ended().whenComplete((ending, ex) -> watch.wake());
        Ending ending = watch.await(r, context.config().answerTimeout());
        double seconds = r.info().restarts() > 0 ? Duration.between(r.info().received(), context.board().now())
                .toNanos() / 1e9 : context.secondsSince(lineNanos);
        boolean delivered = send(ending, accepted);
        if (ending.equals(Ending.failed(RequestError.SHUTTING_DOWN)) && context.board().keepsPending()) {
            // Not the request's end: it stays on the board, is saved, and the client's next attempt
            // after the restart continues it. Its one audit line comes when it really ends.
            audited = true;
            LOG.info("request {} waits for its client to send it again after the restart", r.id());
            return;
        }
        finish(AuditEntry.of(r.info(), ending, delivered, peer, seconds));
    }

    /** The request line, or null after refusing a connection that sent none in time. */
    private String readLine() {
        ServerConfig config = context.config();
        try {
            return LineReader.readLine(socket, config.maxLineBytes(),
                    Deadline.afterNanos(acceptedNanos, config.requestTimeout()));
        } catch (LineTooLongException e) {
            refuse(RequestError.LINE_TOO_LONG, null);
        } catch (IncompleteLineException e) {
            refuse(shuttingDown() ? RequestError.SHUTTING_DOWN : RequestError.INCOMPLETE,
                    e.partial().isEmpty() ? null : e.partial());
        } catch (SocketTimeoutException e) {
            refuse(RequestError.REQUEST_TIMEOUT, null);
        } catch (IOException e) {
            LOG.debug("reading the request failed: {}", e.toString());
            refuse(shuttingDown() ? RequestError.SHUTTING_DOWN : RequestError.IO, null);
        }
        return null;
    }

    /** Refuses a connection that did not make a valid request: error reply, lingering close, audit line. */
    private void refuse(RequestError error, String message) {
        double seconds = context.secondsSince(acceptedNanos);
        Ending ending = Ending.failed(error);
        if (send(ending, null)) { // refusals are never signed: forging one gains nothing
            ReplyLine.linger(socket);
        }
        finish(AuditEntry.refusal(ending, peer, message, seconds));
    }

    /**
     * Sends the reply of {@code ending}, signed for {@code request} if it is a signed one; true when
     * it went out or there is none to send (the client is gone).
     */
    private boolean send(Ending ending, RequestAuthenticator.Accepted request) {
        return ending.reply().map(reply -> ReplyLine.send(socket,
                request == null ? reply.toLine() : request.answerLine(reply))).orElse(true);
    }

    /**
     * Takes the request off the board and writes the one audit line, in that
     * order: whoever sees the audit line finds the board up to date.
     */
    private void finish(AuditEntry entry) {
        audited = true;
        PendingRequest r = request();
        if (r != null) {
            context.board().close(r, entry.ending(), entry.delivered());
        }
        context.audit().record(entry);
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("close: {}", e.toString());
        }
    }

    private static String await(CompletableFuture<String> name, Duration timeout, String fallback) {
        try {
            return name.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }
}
