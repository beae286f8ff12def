package org.mediachange.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HOST argument: one daemon, or several separated by commas, each in one
 * of the forms {@code name}, {@code name:PORT}, {@code 192.0.2.7:PORT},
 * {@code [2001:db8::7]}, {@code [2001:db8::7]:PORT} or a bare IPv6 address
 * without a port ({@code 2001:db8::7}, {@code ::1}); blanks around an element
 * are ignored. An element without a port gets the default port ({@code -p}).
 * The same host and port named twice is asked once.
 *
 * <p>An empty element, a bad port, or an element that is neither a name nor an
 * IPv6 address (two colons or more outside brackets) is refused with a message
 * naming the element, rather than guessed at: {@code fe80::1:8979} could be an
 * address or an address and a port. IPv6 literals are checked here (as literals,
 * never looked up); host names are left to the resolver. No regular expression
 * and no lambda, as this runs on the fast path ({@link QuickArgs}).
 */
final class HostList {

    /** The most daemons one run asks at once. */
    static final int MAX_HOSTS = 16;

    /** A HOST argument that cannot be understood; the message names the element and what is wrong. */
    static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private HostList() {
    }

    /**
     * The daemons {@code hosts} names, in order and without repeats.
     *
     * @param hosts       the HOST argument
     * @param defaultPort the port of elements that name none
     * @throws Invalid if an element cannot be understood, or there are more than {@link #MAX_HOSTS}
     */
    static List<Target> parse(String hosts, int defaultPort) {
        List<Target> targets = new ArrayList<>(2);
        List<String> seen = new ArrayList<>(2);
        int start = 0;
        while (true) {
            int comma = hosts.indexOf(',', start);
            String element = (comma < 0 ? hosts.substring(start) : hosts.substring(start, comma)).strip();
            if (element.isEmpty()) {
                throw new Invalid(hosts.strip().isEmpty() ? "HOST is empty"
                        : "empty host name in the HOST list '" + hosts + "'");
            }
            Target target = element(element, defaultPort);
            String key = target.host().toLowerCase(Locale.ROOT) + " " + target.port();
            if (!seen.contains(key)) {
                seen.add(key);
                targets.add(target);
                if (targets.size() > MAX_HOSTS) {
                    throw new Invalid("more than " + MAX_HOSTS + " hosts in the HOST list");
                }
            }
            if (comma < 0) {
                return targets;
            }
            start = comma + 1;
        }
    }

    private static Target element(String element, int defaultPort) {
        if (element.charAt(0) == '[') {
            int close = element.indexOf(']');
            if (close < 0) {
                throw new Invalid("'" + element + "': no ']' after the IPv6 address");
            }
            String address = element.substring(1, close);
            if (address.indexOf(':') < 0) {
                throw new Invalid("'" + element + "': only IPv6 addresses go in brackets");
            }
            checkIpv6(address, element);
            String rest = element.substring(close + 1);
            if (rest.isEmpty()) {
                return new Target(address, defaultPort);
            }
            if (rest.charAt(0) != ':') {
                throw new Invalid("'" + element + "': expected ':PORT' after ']'");
            }
            return new Target(address, port(rest.substring(1), element));
        }
        int colon = element.indexOf(':');
        if (colon < 0) {
            return new Target(element, defaultPort);
        }
        if (element.indexOf(':', colon + 1) >= 0) {
            checkIpv6(element, element);
            return new Target(element, defaultPort);
        }
        if (colon == 0) {
            throw new Invalid("'" + element + "': no host name before ':'");
        }
        return new Target(element.substring(0, colon), port(element.substring(colon + 1), element));
    }

    /** Plain decimal 1-65535, as {@code -p} takes it. */
    private static int port(String text, String element) {
        boolean digits = !text.isEmpty() && text.length() <= 5;
        for (int i = 0; digits && i < text.length(); i++) {
            digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
        }
        int n = digits ? Integer.parseInt(text) : 0;
        if (n < 1 || n > 65535) {
            throw new Invalid("'" + element + "': '" + text + "' is not a port number (1-65535)");
        }
        return n;
    }

    /**
     * Refuses {@code address} unless it is an IPv6 literal, with an optional
     * {@code %zone} (which is left to the connect, as for a single host). Only
     * hex digits, colons and dots may come before the zone, and the first is a
     * hex digit or a colon, so {@link InetAddress} parses it as a literal and
     * never asks a name server.
     */
    private static void checkIpv6(String address, String element) {
        int percent = address.indexOf('%');
        String literal = percent < 0 ? address : address.substring(0, percent);
        boolean plausible = !literal.isEmpty() && (literal.charAt(0) == ':' || hexDigit(literal.charAt(0)))
                && (percent < 0 || percent < address.length() - 1);
        for (int i = 0; plausible && i < literal.length(); i++) {
            char c = literal.charAt(i);
            plausible = c == ':' || c == '.' || hexDigit(c);
        }
        if (!plausible) {
            throw new Invalid("'" + element + "' is neither a host name, HOST:PORT nor an IPv6 address"
                    + " (write an IPv6 address with a port as [ADDRESS]:PORT)");
        }
        try {
            InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new Invalid("'" + element + "': '" + literal + "' is not a valid IPv6 address");
        }
    }

    private static boolean hexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
