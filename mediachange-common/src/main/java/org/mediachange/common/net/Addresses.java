package org.mediachange.common.net;

import java.net.InetAddress;

/**
 * IP addresses as text, the one way every log line, audit line, dialog and
 * page writes them: IPv4 as a dotted quad, IPv6 in the compact form of RFC
 * 5952 ({@code 2001:db8::1}), never with a host name or a scope.
 */
public final class Addresses {

    private Addresses() {
    }

    /** {@code address} in compact text form. */
    public static String format(InetAddress address) {
        return format(address.getAddress());
    }

    /** Formats an address compactly: dotted quad, or IPv6 with the longest zero run as {@code ::} (RFC 5952). */
    public static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
