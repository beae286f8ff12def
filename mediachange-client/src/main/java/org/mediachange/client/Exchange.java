package org.mediachange.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
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

    private Exchange() {
    }

    static Outcome attempt(ClientRequest request, Deadline deadline) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(request.host());
        } catch (UnknownHostException e) {
            return new Outcome.Unreachable("unknown host '" + request.host() + "'");
        }
        String lastFailure = "no address";
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try (socket) {
                if (!connect(socket, new InetSocketAddress(address, request.port()), request, deadline)) {
                    return new Outcome.TimedOut();
                }
                return talk(socket, request, deadline);
            } catch (SocketTimeoutException e) {
                lastFailure = "connect timed out after " + request.connectTimeout().toMillis() / 1000.0 + "s";
            } catch (IOException e) {
                lastFailure = describe(e);
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

    private static Outcome talk(Socket socket, ClientRequest request, Deadline deadline) {
        String writeFailure = null;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(Wire.encodeLine(request.message()));
            out.flush();
        } catch (IOException e) {
            // The daemon may have answered (e.g. "Error line too long") and closed
            // before taking the whole line: still try to read what it said.
            writeFailure = describe(e);
        }
        try {
            String line = LineReader.readLine(socket, Wire.MAX_ANSWER_BYTES, deadline);
            return classify(line);
        } catch (IncompleteLineException e) {
            if (!e.partial().isEmpty()) {
                // A peer that sends its answer without a line end and closes: take it.
                return classify(e.partial());
            }
            return new Outcome.Lost(writeFailure != null ? writeFailure : "connection closed without an answer");
        } catch (LineTooLongException e) {
            return new Outcome.Unrecognised("", "answer longer than " + Wire.MAX_ANSWER_BYTES + " bytes");
        } catch (SocketTimeoutException e) {
            return new Outcome.TimedOut();
        } catch (IOException e) {
            return new Outcome.Lost(writeFailure != null ? writeFailure : describe(e));
        }
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
