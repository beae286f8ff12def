package org.mediachange.daemon.server;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jdk.net.ExtendedSocketOptions;
import org.mediachange.common.time.Deadline;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.requests.PendingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the client of a waiting request, so that a client that goes away
 * withdraws it, and ends it at the answer timeout. While the request waits,
 * it reads (and discards) from the socket: a reset means the client has gone.
 * Short TCP keepalive notices a host that vanished.
 *
 * <p>A client that ends its sending side after the line may be waiting for
 * the answer (a half-close, as {@code nc -N} and {@code ncat} do) or gone (a
 * full close). TCP does not say which; the peer's kernel does, when data
 * arrives: a closed socket answers it with a reset. So the watch probes such
 * a peer with one byte of urgent data, which a receiving socket keeps out of
 * the stream its reader sees, and withdraws the request on the reset
 * (docs/PROTOCOL.md).
 */
final class PeerWatch {

    private static final Logger LOG = LoggerFactory.getLogger(PeerWatch.class);

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

    private final Socket socket;

    PeerWatch(Socket socket) {
        this.socket = socket;
    }

    /**
     * Blocks until {@code r} ends, ending it itself when the client goes away
     * ({@link Ending#WITHDRAWN}) or {@code answerTimeout} passes ({@link Ending#TIMED_OUT};
     * zero waits for ever). Whoever else ends it must {@link #wake} this thread.
     */
    Ending await(PendingRequest r, Duration answerTimeout) {
        CompletableFuture<Ending> ended = r.ended();
        Deadline answerDeadline = Deadline.after(answerTimeout);
        keepAlive();
        long endOfStreamNanos = 0;
        long nextProbeNanos = 0;
        int probesSent = 0;
        byte[] scratch = new byte[512];
        while (!ended.isDone()) {
            int timeout = answerDeadline.socketTimeoutMillis();
            if (timeout < 0) {
                r.resolve(Ending.TIMED_OUT);
                break;
            }
            if (endOfStreamNanos != 0) {
                long now = System.nanoTime();
                if (now - nextProbeNanos >= 0) {
                    if (!probe()) {
                        r.resolve(Ending.WITHDRAWN);
                        break;
                    }
                    nextProbeNanos = probesSent < EARLY_PROBES.size()
                            ? endOfStreamNanos + EARLY_PROBES.get(probesSent).toNanos()
                            : now + PROBE_INTERVAL.toNanos();
                    probesSent++;
                }
                int untilProbe = (int) Math.max(1, (nextProbeNanos - now + 999_999) / 1_000_000);
                waitFor(ended, timeout == 0 ? untilProbe : Math.min(timeout, untilProbe));
                continue;
            }
            try {
                socket.setSoTimeout(timeout);
                if (socket.getInputStream().read(scratch) < 0 && !ended.isDone()) {
                    LOG.debug("client ended its sending side; probing whether it still listens");
                    endOfStreamNanos = System.nanoTime();
                    nextProbeNanos = endOfStreamNanos; // the first probe goes at once
                }
            } catch (SocketTimeoutException e) {
                // loop: the deadline check decides
            } catch (IOException e) {
                LOG.debug("connection failed while waiting: {}", e.toString());
                r.resolve(Ending.WITHDRAWN);
            }
        }
        return r.ending().orElseThrow();
    }

    /** Wakes a thread blocked reading the socket (in {@link #await} or reading the line); any thread. */
    void wake() {
        try {
            socket.shutdownInput();
        } catch (IOException e) {
            LOG.trace("shutdownInput: {}", e.toString());
        }
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

    private static void waitFor(CompletableFuture<Ending> ended, int timeoutMillis) {
        try {
            if (timeoutMillis == 0) {
                ended.get();
            } else {
                ended.get(timeoutMillis, TimeUnit.MILLISECONDS);
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
}
