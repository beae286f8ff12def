package org.mediachange.client;

import java.time.Duration;
import java.util.Objects;
import org.mediachange.common.auth.SharedKey;

/**
 * Everything one run of the client needs, already validated.
 *
 * @param host           daemon host name or address
 * @param port           daemon port
 * @param message        the text for the operator, one line
 * @param connectTimeout limit for each TCP connect
 * @param answerTimeout  how long to wait for the answer in all; zero waits forever
 * @param retryFor       how long to keep reconnecting after failures; zero tries once
 * @param key            shared key to sign the request and check the answer with; {@code null} for none
 */
public record ClientRequest(String host, int port, String message, Duration connectTimeout,
        Duration answerTimeout, Duration retryFor, SharedKey key) {

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

    /** A request in the plain protocol, without a key. */
    public ClientRequest(String host, int port, String message, Duration connectTimeout, Duration answerTimeout,
            Duration retryFor) {
        this(host, port, message, connectTimeout, answerTimeout, retryFor, null);
    }

    /** {@code host:port} for messages, with brackets around IPv6 literals. */
    public String target() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
