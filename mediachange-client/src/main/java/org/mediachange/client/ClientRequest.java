package org.mediachange.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.mediachange.common.auth.SharedKey;

/**
 * Everything one run of the client needs, already validated.
 *
 * @param host           the HOST argument as given: one daemon or several, separated by commas, each
 *                       perhaps with its own port (see {@link HostList}; {@link #targets()} gives them)
 * @param port           the port of the daemons that name none ({@code -p})
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

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException (a {@link HostList.Invalid} for {@code host}) if one is not valid
     */
    public ClientRequest {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(message, "message");
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("message must be one line");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        HostList.parse(host, port);
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

    /** The daemons to ask, in the order given, each once; at least one. */
    public List<Target> targets() {
        return HostList.parse(host, port);
    }
}
