package org.mediachange.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything one run of the client needs, already validated.
 *
 * @param host           daemon host name or address
 * @param port           daemon port
 * @param message        the text for the operator, one line
 * @param connectTimeout limit for each TCP connect
 * @param answerTimeout  how long to wait for the answer in all; zero waits forever
 * @param retryFor       how long to keep reconnecting after failures; zero tries once
 */
public record ClientRequest(String host, int port, String message, Duration connectTimeout,
        Duration answerTimeout, Duration retryFor) {

    /** Validates the values. */
    public ClientRequest {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(message, "message");
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("message must be one line");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port} for messages, with brackets around IPv6 literals. */
    public String target() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
