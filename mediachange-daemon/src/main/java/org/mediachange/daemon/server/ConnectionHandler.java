package org.mediachange.daemon.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mediachange.common.auth.AuthProtocol;
import org.mediachange.common.auth.SharedKey;
import org.mediachange.common.protocol.Answer;
import org.mediachange.common.protocol.LineReader;
import org.mediachange.common.protocol.LineReader.IncompleteLineException;
import org.mediachange.common.protocol.LineReader.LineTooLongException;
import org.mediachange.common.protocol.Reply;
import org.mediachange.common.protocol.Wire;
import org.mediachange.common.time.Deadline;
import org.mediachange.daemon.allow.Cidr;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.audit.Outcome;
import org.mediachange.daemon.audit.RequestError;
import org.mediachange.daemon.prompt.Decision;
import org.mediachange.daemon.prompt.OperatorPrompt;
import org.mediachange.daemon.prompt.PromptRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One allowed connection, on a thread of its own while it lasts: reads the request line within
 * the request deadline, asks the operator, and meanwhile watches the socket so
 * that a client that goes away withdraws its dialog. Writes exactly one answer
 * line (or none, if the client is gone), closes the socket, and writes exactly
 * one audit line.
 *
 * <p>Whatever ends the wait (the operator, the client leaving, the answer
 * timeout, shutdown) completes {@link #ending} first; the winner is the
 * outcome, and {@link Socket#shutdownInput()} wakes this thread from its read.
 */
final class ConnectionHandler implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    /**
     * A client that closes its sending side this soon after the daemon starts
     * waiting for the operator is taken to have half-closed on purpose (as
     * {@code ncat} and {@code nc -N} do after their line) and to be still
     * waiting for the answer; a later close means it went away.
     */
    static final Duration HALF_CLOSE_GRACE = Duration.ofSeconds(1);

    private enum Ending { OK, CANCEL, TIMEOUT, WITHDRAWN, SHUTDOWN }

    private final Socket socket;
    private final InetSocketAddress peer;
    /** The peer's address in compact text form, as shown and logged. */
    private final String address;
    private final long acceptedNanos;
    private final ServerConfig config;
    private final OperatorPrompt prompt;
    private final HostNames hostNames;
    private final AuditLog audit;
    private final PendingRequests pending;
    private final ReplayGuard replayGuard;
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();
    /** The signed request, when the daemon has a key; its answer is signed too. */
    private AuthProtocol.SignedRequest signed;

    ConnectionHandler(Socket socket, long acceptedNanos, ServerConfig config, OperatorPrompt prompt,
            HostNames hostNames, AuditLog audit, PendingRequests pending, ReplayGuard replayGuard) {
        this.socket = socket;
        this.peer = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.address = Cidr.format(peer.getAddress().getAddress());
        this.acceptedNanos = acceptedNanos;
        this.config = config;
        this.prompt = prompt;
        this.hostNames = hostNames;
        this.audit = audit;
        this.pending = pending;
        this.replayGuard = replayGuard;
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
        if (ending.complete(Ending.SHUTDOWN)) {
            wake();
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
        } finally {
            closeQuietly();
            pending.release(this);
            MDC.clear();
            self.setName(idleName);
        }
    }

    private void handle() {
        String line;
        try {
            line = LineReader.readLine(socket, config.maxLineBytes(),
                    Deadline.afterNanos(acceptedNanos, config.requestTimeout()));
        } catch (LineTooLongException e) {
            refuse(RequestError.LINE_TOO_LONG, null);
            return;
        } catch (IncompleteLineException e) {
            refuse(ending.isDone() ? RequestError.SHUTTING_DOWN : RequestError.INCOMPLETE,
                    e.partial().isEmpty() ? null : e.partial());
            return;
        } catch (SocketTimeoutException e) {
            refuse(RequestError.REQUEST_TIMEOUT, null);
            return;
        } catch (IOException e) {
            LOG.debug("reading the request failed: {}", e.toString());
            refuse(ending.isDone() ? RequestError.SHUTTING_DOWN : RequestError.IO, null);
            return;
        }
        if (ending.isDone()) {
            refuse(RequestError.SHUTTING_DOWN, line);
            return;
        }
        String message = authenticate(line);
        if (message == null) {
            return;
        }
        if (message.isBlank()) {
            refuse(RequestError.EMPTY, message);
            return;
        }
        // Only a complete, valid request costs a DNS query, so a connection flood is not a DNS flood.
        String host = await(hostNames.lookup(peer.getAddress()), config.resolveTimeout(), address);
        long lineNanos = System.nanoTime();

        CompletableFuture<Decision> decision = prompt.ask(new PromptRequest(host, address, message));
        decision.whenComplete((d, ex) -> {
            if (d != null && ending.complete(d == Decision.OK ? Ending.OK : Ending.CANCEL)) {
                wake();
            }
        });
        Ending end = awaitEnding();
        decision.cancel(false); // closes the dialog unless the operator already did
        double seconds = (System.nanoTime() - lineNanos) / 1e9;

        switch (end) {
            case OK, CANCEL -> {
                boolean sent = sendAnswer(Reply.of(end == Ending.OK ? Answer.OK : Answer.CANCEL));
                Outcome o = !sent ? Outcome.UNDELIVERABLE : end == Ending.OK ? Outcome.OK : Outcome.CANCEL;
                audit.record(o, null, peer, host, message, seconds);
            }
            case TIMEOUT -> {
                sendAnswer(Reply.of(Answer.TIMEOUT));
                audit.record(Outcome.TIMEOUT, null, peer, host, message, seconds);
            }
            case WITHDRAWN -> audit.record(Outcome.WITHDRAWN, null, peer, host, message, seconds);
            case SHUTDOWN -> {
                sendAnswer(Reply.error(RequestError.SHUTTING_DOWN.wireText()));
                audit.record(Outcome.ERROR, RequestError.SHUTTING_DOWN, peer, host, message, seconds);
            }
            default -> throw new IllegalStateException(end.toString());
        }
    }

    /**
     * With a key: checks the signature, age and novelty of a signed request and
     * returns its message; without: refuses a signed request (it cannot be
     * checked) and returns the line. Returns null after refusing.
     */
    private String authenticate(String line) {
        SharedKey key = config.key();
        if (key == null) {
            if (AuthProtocol.looksAuthenticated(line)) {
                refuse(RequestError.NO_KEY, null);
                return null;
            }
            return line;
        }
        AuthProtocol.SignedRequest request = AuthProtocol.parseRequest(line).orElse(null);
        if (request == null) {
            refuse(RequestError.AUTH_REQUIRED, line);
            return null;
        }
        long now = System.currentTimeMillis();
        // Check the MAC first, so only holders of the key can fill the replay memory.
        RequestError problem = !request.macValid(key) ? RequestError.AUTH_FAILED
                : !request.fresh(now) ? RequestError.STALE
                : !replayGuard.firstSeen(request.nonce(), now) ? RequestError.REPLAYED
                : null;
        if (problem != null) {
            refuse(problem, request.message());
            return null;
        }
        signed = request;
        return request.message();
    }

    /** Sends an answer to the request, signed when the request was. */
    private boolean sendAnswer(Reply reply) {
        if (signed == null) {
            return send(reply);
        }
        return sendLine(AuthProtocol.signAnswer(config.key(), signed, reply.toLine()));
    }

    /**
     * Blocks until the request ends. While it waits it reads (and discards) from
     * the socket: end of stream or a reset means the client has gone.
     */
    private Ending awaitEnding() {
        // The grace period starts when watching starts: time spent on DNS must not use it up.
        long watchFrom = System.nanoTime();
        Deadline answerDeadline = Deadline.after(config.answerTimeout());
        boolean watchSocket = true;
        byte[] scratch = new byte[512];
        while (!ending.isDone()) {
            int timeout = answerDeadline.socketTimeoutMillis();
            if (timeout < 0) {
                ending.complete(Ending.TIMEOUT);
                break;
            }
            if (!watchSocket) {
                waitWithoutSocket(timeout);
                continue;
            }
            try {
                socket.setSoTimeout(timeout);
                InputStream in = socket.getInputStream();
                if (in.read(scratch) < 0 && !ending.isDone()) {
                    if (System.nanoTime() - watchFrom < HALF_CLOSE_GRACE.toNanos()) {
                        LOG.debug("client closed its sending side right after the request; still waiting");
                        watchSocket = false;
                    } else {
                        ending.complete(Ending.WITHDRAWN);
                    }
                }
            } catch (SocketTimeoutException e) {
                // loop: the deadline check decides
            } catch (IOException e) {
                LOG.debug("connection failed while waiting: {}", e.toString());
                ending.complete(Ending.WITHDRAWN);
            }
        }
        return ending.join();
    }

    private void waitWithoutSocket(int timeoutMillis) {
        try {
            if (timeoutMillis == 0) {
                ending.get();
            } else {
                ending.get(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            // loop: the deadline check decides
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ending.complete(Ending.SHUTDOWN);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void refuse(RequestError error, String message) {
        send(Reply.error(error.wireText()));
        audit.record(Outcome.ERROR, error, peer, null, message, (System.nanoTime() - acceptedNanos) / 1e9);
    }

    /** Writes one plain answer line and ends our sending side; false if the client could not be reached. */
    private boolean send(Reply reply) {
        return sendLine(reply.toLine());
    }

    private boolean sendLine(String line) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(Wire.encodeLine(line));
            out.flush();
            socket.shutdownOutput();
            return true;
        } catch (IOException e) {
            LOG.debug("could not send '{}': {}", line, e.toString());
            return false;
        }
    }

    private void wake() {
        try {
            socket.shutdownInput();
        } catch (IOException e) {
            LOG.trace("shutdownInput: {}", e.toString());
        }
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
