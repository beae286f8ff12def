package org.mediachange.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A scripted stand-in for mediachanged on 127.0.0.1. Its one thread accepts
 * connections one after the other and serves the n-th with the n-th
 * {@link Behaviour} of the script; once the script is used up it stops
 * listening, so it serves at most as many connections as the script is long.
 * Request lines are recorded, decoded as UTF-8 without the LF.
 */
final class FakeDaemon implements AutoCloseable {

    /** What the daemon does with one accepted connection; the connection is closed afterwards. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Connection connection) throws IOException, InterruptedException;
    }

    static final String HOST = "127.0.0.1";

    /** Safety limit for every blocking step, so a broken client cannot hang the daemon thread. */
    private static final int SAFETY_MILLIS = 10_000;
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final ServerSocket server;
    private final List<Behaviour> script;
    private final List<String> requests = new ArrayList<>(); // guarded by this
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private int withdrawals; // guarded by this
    private int resets; // guarded by this: withdrawals that came as a TCP reset rather than an end of stream
    private final Thread thread;

    private FakeDaemon(ServerSocket server, List<Behaviour> script) {
        this.server = server;
        this.script = script;
        this.thread = new Thread(this::serveAll, "fake-daemon-" + server.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** A daemon on a free loopback port serving one connection per behaviour. */
    static FakeDaemon start(Behaviour... script) throws IOException {
        return on(0, script);
    }

    /** A daemon on the given loopback port (0 for any free one). */
    static FakeDaemon on(int port, Behaviour... script) throws IOException {
        return on(loopback(), port, script);
    }

    /** A daemon on {@code address} (a loopback address, e.g. ::1) and {@code port} (0 for any free one). */
    static FakeDaemon on(InetAddress address, int port, Behaviour... script) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port), 50);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new FakeDaemon(server, List.of(script));
    }

    static InetAddress loopback() throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    }

    /** A port on 127.0.0.1 where nothing listens (bound once, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, loopback())) {
            return s.getLocalPort();
        }
    }

    // ---- behaviours ---------------------------------------------------------------------------

    /** Reads the request line, answers {@code line} plus LF, closes. */
    static Behaviour reply(String line) {
        return c -> {
            c.readRequest();
            c.write((line + "\n").getBytes(UTF_8));
        };
    }

    /** Reads the request line and never answers until the daemon is closed. */
    static Behaviour silent() {
        return c -> {
            c.readRequest();
            c.awaitEnd();
        };
    }

    /**
     * Reads the request line, then holds it, as a daemon whose operator has
     * not answered yet, until the client closes the connection (counted as a
     * withdrawal, see {@link #awaitWithdrawals}) or the daemon is closed.
     */
    static Behaviour holdUntilWithdrawn() {
        return c -> {
            c.readRequest();
            c.awaitClientClose();
        };
    }

    /** Reads the request line, waits (bounded) until {@code gate} opens, answers {@code line}. */
    static Behaviour replyWhen(CountDownLatch gate, String line) {
        return c -> {
            c.readRequest();
            gate.await(SAFETY_MILLIS, TimeUnit.MILLISECONDS);
            c.write((line + "\n").getBytes(UTF_8));
        };
    }

    /** Reads the request line and closes without a word. */
    static Behaviour closeWithoutAnswer() {
        return c -> c.readRequest();
    }

    /** Reads the request line and resets the connection (SO_LINGER 0), as a daemon killed outright would. */
    static Behaviour resetAfterRequest() {
        return c -> {
            c.readRequest();
            c.reset();
        };
    }

    /** Reads the request line, sends exactly {@code bytes}, closes. */
    static Behaviour raw(byte[] bytes) {
        byte[] copy = bytes.clone();
        return c -> {
            c.readRequest();
            c.write(copy);
        };
    }

    // ---- state ----------------------------------------------------------------------------------

    int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as the client names the daemon in its messages. */
    String target() {
        return HOST + ":" + port();
    }

    /** The request lines received so far, waiting (bounded) until there are at least {@code count}. */
    synchronized List<String> awaitRequests(int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SAFETY_MILLIS);
        while (requests.size() < count) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return List.copyOf(requests);
    }

    /** The request lines received so far. */
    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /**
     * Whether at least {@code count} held requests were withdrawn by the client
     * closing its connection, waiting (bounded) for them.
     */
    synchronized boolean awaitWithdrawals(int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SAFETY_MILLIS);
        while (withdrawals < count) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** How many held requests the client has withdrawn so far. */
    synchronized int withdrawals() {
        return withdrawals;
    }

    /** How many of the withdrawals came as a TCP reset (the others as an end of stream). */
    synchronized int resets() {
        return resets;
    }

    private synchronized void withdrawn(boolean reset) {
        withdrawals++;
        resets += reset ? 1 : 0;
        notifyAll();
    }

    private synchronized void record(String request) {
        requests.add(request);
        notifyAll();
    }

    private void serveAll() {
        try {
            for (Behaviour behaviour : script) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException e) {
                    return; // closed
                }
                open.add(socket);
                try (socket) {
                    socket.setSoTimeout(SAFETY_MILLIS);
                    behaviour.serve(new Connection(socket));
                } catch (IOException e) {
                    // the client went away early: the test sees that in the client's output
                } catch (InterruptedException e) {
                    return;
                } finally {
                    open.remove(socket);
                }
            }
        } finally {
            try {
                server.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        server.close();
        for (Socket s : open) {
            s.close();
        }
        try {
            thread.join(SAFETY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One accepted connection, as seen by a {@link Behaviour}. */
    final class Connection {
        private final Socket socket;

        Connection(Socket socket) {
            this.socket = socket;
        }

        /**
         * Reads bytes up to the LF, records them as one request and returns them;
         * an unfinished line is not recorded.
         */
        String readRequest() throws IOException {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int i = 0; i < MAX_REQUEST_BYTES; i++) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("client closed before the end of the request: "
                            + line.toString(UTF_8));
                }
                if (b == '\n') {
                    String request = line.toString(UTF_8);
                    record(request);
                    return request;
                }
                line.write(b);
            }
            throw new IOException("request longer than " + MAX_REQUEST_BYTES + " bytes");
        }

        void write(byte[] bytes) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        }

        /** Makes the close that follows this behaviour a TCP reset rather than an end of stream. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
        }

        /**
         * Blocks until the client closes the connection (end of stream or a
         * reset), which counts as a withdrawal, or the safety limit passes.
         */
        void awaitClientClose() throws IOException {
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // bytes after the request line are ignored, as mediachanged does
                }
            } catch (java.net.SocketTimeoutException e) {
                return; // the client never let go: not a withdrawal
            } catch (IOException e) {
                if (!socket.isClosed()) { // else the daemon was closed, not the client
                    withdrawn(true);
                }
                return;
            }
            withdrawn(false);
        }

        /** Blocks until the daemon is closed (bounded by the safety limit). */
        void awaitEnd() throws InterruptedException {
            closing.await(SAFETY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
