package org.mediachange.client;

import java.util.Objects;

/**
 * One daemon to ask: a host name or address literal (IPv6 without brackets)
 * and a port.
 *
 * @param host host name or address, as the resolver takes it
 * @param port TCP port, 1-65535
 */
public record Target(String host, int port) {

    /** Validates the values. */
    public Target {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port} for messages, with brackets around IPv6 literals. */
    public String label() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return label();
    }
}
