package org.mediachange.daemon.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw TCP client for protocol transcripts: send exactly these bytes, expect
 * exactly that answer. Reads at most 64 KiB of answer.
 */
public final class Peer implements AutoCloseable {

    private final Socket socket;

    private Peer(Socket socket) {
        this.socket = socket;
    }

    /** Connects to {@code address}:{@code port} with a 5 s connect limit and a 10 s read limit. */
    public static Peer connect(InetAddress address, int port) throws IOException {
        return connect(address, port, null);
    }

    /** Connects from {@code local} (any if null), e.g. 127.0.0.2 to look like another host. */
    public static Peer connect(InetAddress address, int port, InetAddress local) throws IOException {
        Socket s = new Socket();
        if (local != null) {
            s.bind(new InetSocketAddress(local, 0));
        }
        s.connect(new InetSocketAddress(address, port), 5000);
        s.setSoTimeout(10_000);
        return new Peer(s);
    }

    /** Connects to 127.0.0.1. */
    public static Peer connect(int port) throws IOException {
        return connect(InetAddress.getLoopbackAddress(), port);
    }

    /** Sends {@code text} as UTF-8, exactly (add the line end yourself). */
    public Peer send(String text) throws IOException {
        return sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends raw bytes. */
    public Peer sendBytes(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads until the daemon closes, and returns everything it sent, decoded as UTF-8. */
    public String readAll() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int r;
        while (out.size() < 65536 && (r = in.read(buf)) >= 0) {
            out.write(buf, 0, r);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Sets the read timeout. */
    public Peer readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    /** The underlying socket. */
    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
