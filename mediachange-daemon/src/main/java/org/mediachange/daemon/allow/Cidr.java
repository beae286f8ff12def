package org.mediachange.daemon.allow;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.mediachange.common.net.Addresses;

/**
 * An IPv4 or IPv6 network in CIDR notation, such as {@code 192.168.0.0/16} or
 * {@code fd00::/8}; an address without a prefix length is a single host.
 * Parsing never consults DNS: only numeric addresses are accepted.
 *
 * @param network the network address bytes (4 or 16), host bits cleared
 * @param prefix  the number of leading bits that must match
 */
public record Cidr(byte[] network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Copies the bytes and clears the host bits, so equal networks compare equal. */
    public Cidr {
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("address must have 4 or 16 bytes");
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
        network = mask(network.clone(), prefix);
    }

    /**
     * Parses {@code a.b.c.d/n}, {@code a.b.c.d}, {@code x::y/n} or {@code x::y}.
     *
     * @throws IllegalArgumentException with a message fit for a user
     */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (addr.startsWith("[") && addr.endsWith("]")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        byte[] bytes = numericAddress(addr, text);
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("'" + text + "' has a bad prefix length '" + p + "'");
            }
            prefix = Integer.parseInt(p);
            if (prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "': prefix length " + prefix + " is more than "
                        + bytes.length * 8);
            }
        }
        return new Cidr(bytes, prefix);
    }

    private static byte[] numericAddress(String addr, String original) {
        boolean v4 = IPV4.matcher(addr).matches();
        if (!v4 && !IPV6.matcher(addr).matches()) {
            throw new IllegalArgumentException("'" + original + "' is not an IPv4 or IPv6 address or network");
        }
        if (v4) {
            for (String part : addr.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("'" + original + "' has an octet above 255");
                }
            }
        }
        try {
            // Only digits, dots, colons and hex reach here, so this never queries DNS.
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + original + "' is not a valid IP address", e);
        }
    }

    /** Whether {@code address} lies in this network. IPv4 never matches IPv6 and vice versa. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(a, prefix), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        for (int i = 0; i < bytes.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xFF << (8 - bitsHere));
        }
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public String toString() {
        return Addresses.format(network) + "/" + prefix;
    }
}
