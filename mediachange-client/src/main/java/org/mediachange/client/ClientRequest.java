package org.mediachange.client;

import java.time.Duration;
import java.util.Objects;
import org.mediachange.common.auth.SharedKey;
import java.util.regex.Pattern;

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

    /** Default of {@code --connect-timeout}, shared by both argument parsers. */
    public static final String DEFAULT_CONNECT_TIMEOUT = "10s";
    /** Default of {@code --timeout}: wait forever, as the original did. */
    public static final String DEFAULT_ANSWER_TIMEOUT = "0";
    /** Default of {@code --retry-for}: try once. */
    public static final String DEFAULT_RETRY_FOR = "0";

    /** Compiled on first use only. */
    private static final class LineBreak {
        static final Pattern PATTERN = Pattern.compile("\\r\\n|[\\r\\n]");
    }

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

    /** {@code text} with each line break (CR LF, CR or LF) turned into a space, as the wire needs one line. */
    public static String oneLine(String text) {
        if (text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text; // the usual case, without compiling the pattern at start
        }
        return LineBreak.PATTERN.matcher(text).replaceAll(" ");
    }

    /** {@code host:port} for messages, with brackets around IPv6 literals. */
    public String target() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
