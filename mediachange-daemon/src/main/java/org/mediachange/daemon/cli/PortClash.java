package org.mediachange.daemon.cli;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.mediachange.common.net.Addresses;
import org.mediachange.daemon.web.WebAddress;

/**
 * Whether the request port ({@code port=}, {@code --port}) and the web console
 * ({@code web=}, {@code --web}) ask for the same port on addresses that
 * overlap, which the second bind would fail on. Said before anything starts,
 * by {@code --check-config} as by a start, in one line naming both keys.
 *
 * <p>Overlapping, as the system judges a bind: the same address; or either
 * one listening on all interfaces ({@code --bind} left out, or {@code ::},
 * which the JDK opens for IPv4 too); or {@code 0.0.0.0} and any IPv4 address.
 * An IPv6 address beside {@code 0.0.0.0}, or two different addresses, do not
 * clash; nor does port 0, which the system makes two different free ports.
 */
final class PortClash {

    /** The web console's port in the documentation and the shipped configuration. */
    static final int DEFAULT_WEB_PORT = 8980;

    private PortClash() {
    }

    /**
     * The clash of {@code bind} (null: all interfaces) port {@code port} with the web console on
     * {@code web} (null: off), as one line for the user; empty if there is none.
     */
    static Optional<String> find(InetAddress bind, int port, InetSocketAddress web) {
        if (web == null || port == 0 || web.getPort() != port || !overlap(bind, web.getAddress())) {
            return Optional.empty();
        }
        InetAddress w = web.getAddress();
        // Where they meet: the one specific address, or all interfaces when both take them all.
        InetAddress shared = bind == null || bind.isAnyLocalAddress() ? (w.isAnyLocalAddress() ? null : w) : bind;
        return Optional.of("web=" + webValue(web) + " and port=" + port + " (--web and --port) both listen on "
                + DaemonCommand.where(shared, port) + ": give the web console a port of its own, e.g. web="
                + (port == DEFAULT_WEB_PORT ? DEFAULT_WEB_PORT + 1 : DEFAULT_WEB_PORT));
    }

    /** Whether listening on {@code a} (null: all interfaces) and on {@code b} take the same port from each other. */
    static boolean overlap(InetAddress a, InetAddress b) {
        if (a == null || b == null || a.equals(b) || isDualStackAll(a) || isDualStackAll(b)) {
            return true;
        }
        // 0.0.0.0 takes the port on every IPv4 address, not on the IPv6 ones.
        return a.isAnyLocalAddress() && b instanceof Inet4Address || b.isAnyLocalAddress() && a instanceof Inet4Address;
    }

    /** {@code ::}: the JDK's sockets are dual-stack, so it takes the port on IPv4 addresses too. */
    private static boolean isDualStackAll(InetAddress a) {
        return a.isAnyLocalAddress() && !(a instanceof Inet4Address);
    }

    /** {@code web=} as it would be written: the port alone for the default address 127.0.0.1. */
    private static String webValue(InetSocketAddress web) {
        String host = Addresses.format(web.getAddress());
        if (host.equals(WebAddress.DEFAULT_HOST)) {
            return Integer.toString(web.getPort());
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + web.getPort();
    }
}
