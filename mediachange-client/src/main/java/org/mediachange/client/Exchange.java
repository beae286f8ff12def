package org.mediachange.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.mediachange.common.auth.AuthProtocol;
import org.mediachange.common.auth.SharedKey;
import org.mediachange.common.protocol.Answer;
import org.mediachange.common.protocol.LineReader;
import org.mediachange.common.protocol.LineReader.IncompleteLineException;
import org.mediachange.common.protocol.LineReader.LineTooLongException;
import org.mediachange.common.protocol.Reply;
import org.mediachange.common.protocol.Wire;
import org.mediachange.common.time.Deadline;

/**
 * One attempt at the protocol: connect, send the line, read one answer line of
 * at most {@link Wire#MAX_ANSWER_BYTES}. Never throws for network trouble; every
 * ending is an {@link Outcome}.
 */
final class Exchange {

    /** Once an answer starts, the whole line must arrive within this time: a daemon sends it in one go. */
    static final Duration ANSWER_LINE_WITHIN = Duration.ofSeconds(10);

    /**
     * A daemon that has kept the request this long without a word holds it
     * (its operator has not answered yet). One that is shutting down, or a
     * port forwarder whose daemon is down, answers or closes at once.
     */
    static final Duration HELD_AFTER = Duration.ofSeconds(1);

    private Exchange() {
    }

    /** One attempt at {@code request} with the daemon at {@code target}. */
    static Outcome attempt(Target target, ClientRequest request, Deadline deadline) {
        return attempt(target, request, deadline, null);
    }

    /**
     * As {@link #attempt(Target, ClientRequest, Deadline)}; {@code withdrawal}
     * (null for none) can end it from another thread by closing its connection,
     * after which the outcome does not matter.
     */
    static Outcome attempt(Target target, ClientRequest request, Deadline deadline, Withdrawal withdrawal) {
        return attempt(target, request, deadline, withdrawal, null);
    }

    /**
     * As {@link #attempt(Target, ClientRequest, Deadline, Withdrawal)}, and
     * runs {@code onHeld} (null for nothing) in this thread once the daemon has
     * held the request for {@link #HELD_AFTER} without answering or closing.
     */
    static Outcome attempt(Target target, ClientRequest request, Deadline deadline, Withdrawal withdrawal,
            Runnable onHeld) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(target.host());
        } catch (UnknownHostException e) {
            return new Outcome.Unreachable("unknown host '" + target.host() + "'", true);
        }
        String lastFailure = "no address";
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            if (withdrawal != null && !withdrawal.open(socket)) {
                return new Outcome.Lost("withdrawn");
            }
            try (socket) {
                if (!connect(socket, new InetSocketAddress(address, target.port()), request, deadline)) {
                    return new Outcome.TimedOut();
                }
                return talk(socket, request, deadline, onHeld);
            } catch (SocketTimeoutException e) {
                lastFailure = "connect timed out after " + request.connectTimeout().toMillis() / 1000.0 + "s";
            } catch (IOException e) {
                lastFailure = describe(e);
            } finally {
                if (withdrawal != null) {
                    withdrawal.done(socket);
                }
            }
        }
        return new Outcome.Unreachable(lastFailure);
    }

    /** Connects within the connect timeout, bounded by the overall deadline; false if that deadline passed. */
    private static boolean connect(Socket socket, InetSocketAddress to, ClientRequest request, Deadline deadline)
            throws IOException {
        int limit = (int) Math.min(Integer.MAX_VALUE, request.connectTimeout().toMillis());
        int left = deadline.socketTimeoutMillis();
        if (left < 0) {
            return false;
        }
        boolean deadlineFirst = left > 0 && (limit == 0 || left < limit);
        try {
            socket.connect(to, deadlineFirst ? left : limit);
            return true;
        } catch (SocketTimeoutException e) {
            if (deadlineFirst) {
                return false;
            }
            throw e;
        }
    }

    private static Outcome talk(Socket socket, ClientRequest request, Deadline deadline, Runnable onHeld) {
        // A fresh signature per attempt: the daemon refuses a nonce it has seen.
        AuthProtocol.SignedRequest signed = request.key() == null ? null
                : AuthProtocol.sign(request.key(), request.message(), System.currentTimeMillis());
        String writeFailure = null;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(Wire.encodeLine(signed == null ? request.message() : signed.toLine()));
            out.flush();
        } catch (IOException e) {
            // The daemon may have answered (e.g. "Error line too long") and closed
            // before taking the whole line: still try to read what it said.
            writeFailure = describe(e);
        }
        try {
            String line = LineReader.readLine(socket, Wire.MAX_ANSWER_BYTES, deadline, ANSWER_LINE_WITHIN,
                    HELD_AFTER, onHeld);
            return classify(line, request.key(), signed);
        } catch (IncompleteLineException e) {
            if (!e.partial().isEmpty()) {
                // A peer that sends its answer without a line end and closes: take it.
                return classify(e.partial(), request.key(), signed);
            }
            return new Outcome.Lost(writeFailure != null ? writeFailure : "connection closed without an answer");
        } catch (LineTooLongException e) {
            return new Outcome.Unrecognised("", "answer longer than " + Wire.MAX_ANSWER_BYTES + " bytes");
        } catch (SocketTimeoutException e) {
            if (deadline.hasPassed()) {
                return new Outcome.TimedOut();
            }
            return new Outcome.Unrecognised("", "the answer started but did not end within "
                    + ANSWER_LINE_WITHIN.toSeconds() + " s");
        } catch (IOException e) {
            return new Outcome.Lost(writeFailure != null ? writeFailure : describe(e));
        }
    }

    private static Outcome classify(String line, SharedKey key, AuthProtocol.SignedRequest signed) {
        if (signed == null) {
            return classify(line);
        }
        if (AuthProtocol.looksAuthenticated(line)) {
            Optional<String> inner = AuthProtocol.verifyAnswer(key, signed, line);
            if (inner.isPresent()) {
                return classify(inner.get());
            }
            return new Outcome.Unrecognised(line, "its signature does not match our key: wrong key, or altered on the way");
        }
        // Refusals need no signature (forging one only fails the request, as dropping it would);
        // an answer that would let the backup go on must be signed.
        Outcome plain = classify(line);
        if (plain instanceof Outcome.Answered a && (a.reply().answer() == Answer.DENIED
                || a.reply().answer() == Answer.BUSY || a.reply().answer() == Answer.ERROR)) {
            return plain;
        }
        return new Outcome.Unrecognised(line, "unsigned answer, but we sent a signed request");
    }

    private static Outcome classify(String line) {
        // No lambdas here: the first one costs the client milliseconds at start.
        Optional<Reply> reply = Reply.parse(line);
        if (reply.isPresent()) {
            return new Outcome.Answered(reply.get(), line);
        }
        return new Outcome.Unrecognised(line, "not a mediachange answer");
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
