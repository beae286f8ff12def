package org.mediachange.daemon.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An AF_UNIX datagram socket that sends to one address, through libc with
 * JNA: Java 17's own Unix domain sockets are stream sockets only, and
 * systemd's notification socket takes datagrams. Addresses starting with
 * {@code @} are in the abstract namespace, as sd_notify(3) says.
 */
final class UnixDatagramSocket implements NotifySocket {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(struct sockaddr_un): a short family and 108 bytes of path. */
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int MAX_PATH = 107;

    /** The few libc calls needed. */
    private interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** Loaded on first use: a daemon not under systemd never loads JNA. */
    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private final byte[] address;
    private final int addressLength;
    private int fd;

    private UnixDatagramSocket(byte[] address, int addressLength, int fd) {
        this.address = address;
        this.addressLength = addressLength;
        this.fd = fd;
    }

    /**
     * A socket sending to {@code path} ({@code @name} for the abstract namespace).
     *
     * @throws IOException when the path is too long, or libc cannot be loaded or make the socket
     */
    static UnixDatagramSocket to(String path) throws IOException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path.startsWith("@");
        if (name.length > MAX_PATH || name.length < 2 && abstractName) {
            throw new IOException("not a usable socket address: " + path);
        }
        ByteBuffer a = ByteBuffer.allocate(SOCKADDR_UN_SIZE).order(ByteOrder.nativeOrder());
        a.putShort((short) AF_UNIX);
        a.put(name);
        if (abstractName) {
            a.put(2, (byte) 0); // the leading @ stands for a NUL byte
        }
        int length = 2 + name.length + (abstractName ? 0 : 1);
        try {
            int fd = Holder.LIBC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            return new UnixDatagramSocket(a.array(), length, fd);
        } catch (LastErrorException e) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM): errno " + e.getErrorCode(), e);
        } catch (LinkageError e) {
            throw new IOException("cannot load libc through JNA: " + e, e);
        }
    }

    @Override
    public synchronized void send(String message) throws IOException {
        if (fd < 0) {
            throw new IOException("closed");
        }
        byte[] data = message.getBytes(StandardCharsets.UTF_8);
        try {
            Holder.LIBC.sendto(fd, data, new NativeLong(data.length), MSG_NOSIGNAL, address, addressLength);
        } catch (LastErrorException e) {
            throw new IOException("sendto: errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            try {
                Holder.LIBC.close(fd);
            } catch (LastErrorException e) {
                // nothing to do: the descriptor is gone either way
            }
            fd = -1;
        }
    }
}
