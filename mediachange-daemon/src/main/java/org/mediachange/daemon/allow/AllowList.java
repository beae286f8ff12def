package org.mediachange.daemon.allow;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The networks whose hosts may send requests. Checked on the peer address of
 * each accepted connection before a single byte is read. An IPv4 peer that
 * arrives as an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is matched
 * as IPv4.
 *
 * @param networks the allowed networks; never empty
 */
public record AllowList(List<Cidr> networks) {

    /** The original daemon's rule (192.168.0.0/16) plus this host's loopback. */
    public static final List<String> DEFAULT = List.of("192.168.0.0/16", "127.0.0.0/8", "::1");

    /** Copies the list and refuses an empty one, which would silently deny everyone. */
    public AllowList {
        networks = List.copyOf(networks);
        if (networks.isEmpty()) {
            throw new IllegalArgumentException("the allow-list is empty: no host could send a request");
        }
    }

    /** Parses each entry with {@link Cidr#parse}. */
    public static AllowList parse(List<String> entries) {
        return new AllowList(entries.stream().map(Cidr::parse).toList());
    }

    /** Whether {@code peer} may send a request. */
    public boolean allows(InetAddress peer) {
        InetAddress a = unmapped(peer);
        for (Cidr c : networks) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            for (int i = 0; i < 10; i++) {
                if (b[i] != 0) {
                    return a;
                }
            }
            if ((b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return a;
    }

    @Override
    public String toString() {
        return networks.stream().map(Cidr::toString).collect(Collectors.joining(", "));
    }
}
