package org.mediachange.daemon.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jdk.net.ExtendedSocketOptions;
import org.mediachange.common.auth.AuthProtocol;
import org.mediachange.common.auth.SharedKey;
import org.mediachange.common.protocol.Answer;
import org.mediachange.common.protocol.LineReader.IncompleteLineException;
import org.mediachange.common.protocol.LineReader.LineTooLongException;
import org.mediachange.common.protocol.LineReader;
import org.mediachange.common.protocol.Reply;
import org.mediachange.common.protocol.Wire;
import org.mediachange.common.text.Escaper;
import org.mediachange.common.time.Deadline;
import org.mediachange.daemon.allow.Cidr;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.audit.Outcome;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.dialog.PromptRequest;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestError;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.requests.PendingRequest;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.requests.Resolution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One allowed connection, on a thread of its own while it lasts: reads the
 * request line within the request deadline, puts the request on the
 * {@link RequestBoard} and asks the operator, and meanwhile watches the socket
 * so that a client that goes away withdraws its request. Writes exactly one
 * answer line (or none, if the client is gone), closes the socket, and writes
 * exactly one audit line, whatever fails on the way.
 *
 * <p>Whatever ends the wait (an operator on any surface, the client leaving,
 * the answer timeout, shutdown) resolves the {@link PendingRequest} first; the
 * winner is the outcome, and {@link Socket#shutdownInput()} wakes this thread
 * from its read.
 *
 * <p>A client that ends its sending side after the line may be waiting for the
 * answer (a half-close, as {@code nc -N} and {@code ncat} do) or gone (a full
 * close). TCP does not say which; the peer's kernel does, when data arrives: a
 * closed socket answers it with a reset. So the handler probes such a peer with
 * one byte of urgent data, which a receiving socket keeps out of the stream its
 * reader sees, and withdraws the request on the reset (docs/PROTOCOL.md).
 */
final class Session implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    /** TCP keepalive on pending connections: a silent peer is probed after this many seconds... */
    static final int KEEPALIVE_IDLE_SECONDS = 10;
    /** ...then every this many seconds... */
    static final int KEEPALIVE_INTERVAL_SECONDS = 5;
    /** ...and declared gone after this many unanswered probes (about 25 s in all). */
    static final int KEEPALIVE_PROBES = 3;
    /**
     * After the client's end of stream the first probe goes at once, then these
     * follow, measured from the end of stream: a reset answers a probe within a
     * round trip, but a client whose close lags its end of stream (a thread still
     * reading the socket holds it open) answers only a later one.
     */
    static final List<Duration> EARLY_PROBES = List.of(Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1));
    /**
     * Then a probe this often, for as long as the request waits: after an end of
     * stream only a write can reveal a reset (a read keeps returning the end of
     * stream), so keepalive alone would never withdraw such a client.
     */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
    /** After an error reply, unread input is discarded for at most this long... */
    static final Duration LINGER_TIME = Duration.ofSeconds(2);
    /** ...and at most this many bytes, before closing (a close with unread input sends a reset). */
    static final int LINGER_BYTES = 2 << 20;

    private final Socket socket;
    private final InetSocketAddress peer;
    /** The peer's address in compact text form, as shown and logged. */
    private final String address;
    private final long acceptedNanos;
    private final ServerConfig config;
    private final OperatorPrompt prompt;
    private final HostNames hostNames;
    private final AuditLog audit;
    private final OpenSessions pending;
    private final ReplayGuard replayGuard;
    private final RequestBoard board;
    /** Set by {@link #shutdown()}, which may come before there is a request to resolve. */
    private volatile boolean shuttingDown;
    /** The request on the board, once the line has been read and accepted. */
    private volatile PendingRequest request;
    /** The dialog showing the request; cancelled (closed) whenever the request ends. */
    private CompletableFuture<Decision> dialog;
    /** Whether the one audit line has been written. */
    private boolean audited;
    /** The signed request, when the daemon has a key; its answer is signed too. */
    private AuthProtocol.SignedRequest signed;

    Session(Socket socket, long acceptedNanos, ServerConfig config, OperatorPrompt prompt,
            HostNames hostNames, AuditLog audit, OpenSessions pending, ReplayGuard replayGuard,
            RequestBoard board) {
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
        this.board = board;
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
        if (r == null || r.resolve(Resolution.of(Resolution.Kind.SHUTDOWN))) {
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
            failed();
        } finally {
            if (dialog != null) {
                dialog.cancel(false); // closes the dialog unless an operator already did
            }
            closeQuietly();
            pending.release(this);
            MDC.clear();
            self.setName(idleName);
        }
    }

    /** After an unexpected failure: the client still gets an answer and the request its audit line. */
    private void failed() {
        if (audited) {
            return;
        }
        PendingRequest r = request;
        if (r != null) {
            r.resolve(Resolution.of(Resolution.Kind.FAILED));
        }
        send(Reply.error(RequestError.INTERNAL.wireText()));
        RequestInfo info = r == null ? null : r.info();
        finish(Outcome.ERROR, RequestError.INTERNAL.token(), null, info == null ? null : info.host(),
                info == null ? null : info.message(), secondsSince(acceptedNanos));
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
            refuse(shuttingDown ? RequestError.SHUTTING_DOWN : RequestError.INCOMPLETE,
                    e.partial().isEmpty() ? null : e.partial());
            return;
        } catch (SocketTimeoutException e) {
            refuse(RequestError.REQUEST_TIMEOUT, null);
            return;
        } catch (IOException e) {
            LOG.debug("reading the request failed: {}", e.toString());
            refuse(shuttingDown ? RequestError.SHUTTING_DOWN : RequestError.IO, null);
            return;
        }
        if (shuttingDown) {
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

        PendingRequest r;
        synchronized (this) {
            // A shutdown during the lookup ends the request here: on the board, surfaces would show it.
            r = shuttingDown ? null : board.open(address, host, message);
            request = r;
        }
        if (r == null) {
            refuse(RequestError.SHUTTING_DOWN, message);
            return;
        }
        CompletableFuture<Resolution> ending = r.ending();
        ending.whenComplete((res, ex) -> wake());
        dialog = prompt.ask(new PromptRequest(host, address, message));
        dialog.whenComplete((d, ex) -> {
            if (d != null) {
                r.resolve(Resolution.answer(d, Resolution.BY_DIALOG));
            } else if (ex != null && !dialog.isCancelled()) {
                dialogFailed(r, ex);
            }
        });
        Resolution end = awaitEnding(r, ending);
        dialog.cancel(false); // closes the dialog unless an operator already did
        double seconds = secondsSince(lineNanos);

        switch (end.kind()) {
            case OK, CANCEL -> {
                Answer a = end.kind() == Resolution.Kind.OK ? Answer.OK : Answer.CANCEL;
                reply(Reply.of(a), end.kind() == Resolution.Kind.OK ? Outcome.OK : Outcome.CANCEL, null,
                        end.by(), host, message, seconds);
            }
            case TIMEOUT -> reply(Reply.of(Answer.TIMEOUT), Outcome.TIMEOUT, null, null, host, message, seconds);
            case WITHDRAWN -> finish(Outcome.WITHDRAWN, null, null, host, message, seconds);
            case SHUTDOWN -> reply(Reply.error(RequestError.SHUTTING_DOWN.wireText()), Outcome.ERROR,
                    RequestError.SHUTTING_DOWN.token(), null, host, message, seconds);
            case FAILED -> reply(Reply.error(RequestError.DIALOG_FAILED.wireText()), Outcome.ERROR,
                    RequestError.DIALOG_FAILED.token(), null, host, message, seconds);
            default -> throw new IllegalStateException(end.toString());
        }
    }

    /**
     * Sends the reply that ends a request and audits what happened: {@code outcome}
     * when the reply went out, {@code undeliverable} (naming the reply) when the
     * client could not be reached.
     */
    private void reply(Reply reply, Outcome outcome, String detail, String by, String host, String message,
            double seconds) {
        if (sendAnswer(reply)) {
            finish(outcome, detail, by, host, message, seconds);
        } else {
            String what = detail != null ? detail : outcome.token();
            finish(Outcome.UNDELIVERABLE, what, by, host, message, seconds);
        }
    }

    /** The dialog of {@code r} could not be shown: the request ends, unless another surface can answer it. */
    private void dialogFailed(PendingRequest r, Throwable ex) {
        Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        if (board.otherSurfaces()) {
            LOG.warn("the dialog of request {} could not be shown ({}); it stays pending for the other consoles",
                    r.id(), Escaper.forLog(String.valueOf(cause.getMessage())));
        } else if (r.resolve(Resolution.of(Resolution.Kind.FAILED))) {
            LOG.warn("the dialog of request {} could not be shown ({}); answering Error",
                    r.id(), Escaper.forLog(String.valueOf(cause.getMessage())));
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
        AuthProtocol.SignedRequest sr = AuthProtocol.parseRequest(line).orElse(null);
        if (sr == null) {
            refuse(RequestError.AUTH_REQUIRED, line);
            return null;
        }
        long now = System.currentTimeMillis();
        // Check the MAC first, so only holders of the key can fill the replay memory.
        RequestError problem = !sr.macValid(key) ? RequestError.AUTH_FAILED
                : !sr.fresh(now) ? RequestError.STALE
                : !replayGuard.firstSeen(sr.nonce(), now) ? RequestError.REPLAYED
                : null;
        if (problem != null) {
            refuse(problem, sr.message());
            return null;
        }
        signed = sr;
        return sr.message();
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
     * the socket: a reset means the client has gone; after an end of stream the
     * client is probed (see the class comment).
     */
    private Resolution awaitEnding(PendingRequest r, CompletableFuture<Resolution> ending) {
        Deadline answerDeadline = Deadline.after(config.answerTimeout());
        keepAlive();
        long endOfStreamNanos = 0;
        long nextProbeNanos = 0;
        int probesSent = 0;
        byte[] scratch = new byte[512];
        while (!ending.isDone()) {
            int timeout = answerDeadline.socketTimeoutMillis();
            if (timeout < 0) {
                r.resolve(Resolution.of(Resolution.Kind.TIMEOUT));
                break;
            }
            if (endOfStreamNanos != 0) {
                long now = System.nanoTime();
                if (now - nextProbeNanos >= 0) {
                    if (!probe()) {
                        r.resolve(Resolution.of(Resolution.Kind.WITHDRAWN));
                        break;
                    }
                    nextProbeNanos = probesSent < EARLY_PROBES.size()
                            ? endOfStreamNanos + EARLY_PROBES.get(probesSent).toNanos()
                            : now + PROBE_INTERVAL.toNanos();
                    probesSent++;
                }
                int untilProbe = (int) Math.max(1, (nextProbeNanos - now + 999_999) / 1_000_000);
                waitFor(ending, timeout == 0 ? untilProbe : Math.min(timeout, untilProbe));
                continue;
            }
            try {
                socket.setSoTimeout(timeout);
                if (socket.getInputStream().read(scratch) < 0 && !ending.isDone()) {
                    LOG.debug("client ended its sending side; probing whether it still listens");
                    endOfStreamNanos = System.nanoTime();
                    nextProbeNanos = endOfStreamNanos; // the first probe goes at once
                }
            } catch (SocketTimeoutException e) {
                // loop: the deadline check decides
            } catch (IOException e) {
                LOG.debug("connection failed while waiting: {}", e.toString());
                r.resolve(Resolution.of(Resolution.Kind.WITHDRAWN));
            }
        }
        return ending.join();
    }

    /**
     * Sends one byte of urgent data. A client that only half-closed never reads
     * it (sockets keep it out of band); a closed one answers with a reset, which
     * makes a later probe fail. False when the connection is known to be gone.
     */
    private boolean probe() {
        try {
            socket.sendUrgentData(0);
            return true;
        } catch (IOException e) {
            LOG.debug("client gone: {}", e.toString());
            return false;
        }
    }

    /** Short TCP keepalive, so a peer whose host vanished is noticed (best effort: not every OS has the knobs). */
    private void keepAlive() {
        try {
            socket.setKeepAlive(true);
            Set<SocketOption<?>> supported = socket.supportedOptions();
            if (supported.contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE_SECONDS);
                socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_SECONDS);
                socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("keepalive: {}", e.toString());
        }
    }

    private static void waitFor(CompletableFuture<Resolution> ending, int timeoutMillis) {
        try {
            if (timeoutMillis == 0) {
                ending.get();
            } else {
                ending.get(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            // the caller's loop decides
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the operator", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refuses a connection that did not make a valid request: error reply, lingering close, audit line. */
    private void refuse(RequestError error, String message) {
        double seconds = secondsSince(acceptedNanos);
        if (send(Reply.error(error.wireText()))) {
            discardInput();
        }
        finish(Outcome.ERROR, error.token(), null, null, message, seconds);
    }

    /**
     * Reads and discards what the client still sends, for a bounded time and
     * amount, so that closing does not send a reset that could destroy the reply
     * before the client reads it (as HTTP servers do).
     */
    private void discardInput() {
        Deadline until = Deadline.after(LINGER_TIME);
        byte[] scratch = new byte[8192];
        long total = 0;
        try {
            InputStream in = socket.getInputStream();
            while (total < LINGER_BYTES) {
                int timeout = until.socketTimeoutMillis();
                if (timeout < 0) {
                    break;
                }
                socket.setSoTimeout(Math.max(1, timeout));
                int n = in.read(scratch);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            LOG.trace("discarding input: {}", e.toString());
        }
    }

    /**
     * Takes the request off the board and writes the one audit line, in that
     * order: whoever sees the audit line finds the board up to date.
     */
    private void finish(Outcome outcome, String detail, String by, String host, String message, double seconds) {
        audited = true;
        PendingRequest r = request;
        if (r != null) {
            board.close(r, AuditLog.outcomeWord(outcome, detail));
        }
        audit.record(outcome, detail, r == null ? 0 : r.id(), by, peer, host, message, seconds);
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

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
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
