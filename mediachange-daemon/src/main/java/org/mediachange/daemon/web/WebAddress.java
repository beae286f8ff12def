package org.mediachange.daemon.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the web console listens, from {@code [ADDRESS:]PORT}: {@code 8980},
 * {@code 0.0.0.0:8980}, {@code [::1]:8980}, {@code console.example:8980}.
 * Without an address it is 127.0.0.1, so turning the console on never opens
 * it to the network by accident.
 */
public final class WebAddress {

    /** The address the console listens on when {@code [ADDRESS:]PORT} gives none. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private WebAddress() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static InetSocketAddress parse(String text) {
        String t = text.strip();
        String host;
        String port;
        if (t.startsWith("[")) {
            int end = t.indexOf("]:");
            if (end < 0) {
                throw new IllegalArgumentException("'" + text + "' is not [ADDRESS:]PORT (e.g. [::1]:8980)");
            }
            host = t.substring(1, end);
            port = t.substring(end + 2);
        } else if (t.indexOf(':') != t.lastIndexOf(':')) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [::1]:8980");
        } else if (t.contains(":")) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        } else {
            host = null;
            port = t;
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not [ADDRESS:]PORT (e.g. 8980 or 0.0.0.0:8980)");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("'" + text + "': the port must be 0-65535");
        }
        try {
            InetAddress address = host == null ? InetAddress.getByName(DEFAULT_HOST) : InetAddress.getByName(host);
            return new InetSocketAddress(address, p);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': unknown address '" + host + "'");
        }
    }
}
