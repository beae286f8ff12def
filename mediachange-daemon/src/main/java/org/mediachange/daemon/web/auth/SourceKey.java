package org.mediachange.daemon.web.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.mediachange.common.net.Addresses;

/**
 * Where an attempt comes from, as the throttles count it: an IPv4 address; an
 * IPv6 network of the configured prefix (a single host usually has a whole
 * /64, and would otherwise get a fresh budget with each address); and every
 * loopback address as one, since a local user can use all of 127.0.0.0/8 and
 * {@code ::1}.
 *
 * @param text the source for the log: {@code 192.0.2.7}, {@code 2001:db8:0:1::/64}, {@code loopback}
 */
public record SourceKey(String text) {

    /** The key of {@code address} under {@code limits}. */
    public static SourceKey of(InetAddress address, GuessLimits limits) {
        if (limits.loopbackAsOne() && address.isLoopbackAddress()) {
            return new SourceKey("loopback");
        }
        byte[] bytes = address.getAddress();
        if (!(address instanceof Inet6Address) || limits.ipv6Prefix() >= 128) {
            return new SourceKey(Addresses.format(bytes));
        }
        int prefix = limits.ipv6Prefix();
        for (int bit = prefix; bit < 128; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return new SourceKey(Addresses.format(bytes) + "/" + prefix);
    }

    @Override
    public String toString() {
        return text;
    }
}
