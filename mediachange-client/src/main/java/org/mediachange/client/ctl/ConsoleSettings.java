package org.mediachange.client.ctl;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How to reach the web console and log in, already checked.
 *
 * @param base           the console's address, ending in {@code /}
 * @param operator       the operator's name
 * @param authorization  the HTTP Basic {@code Authorization} value for the operator and password
 * @param ssl            the TLS context of {@code --ca-file}; null for the Java runtime's CAs
 * @param connectTimeout limit for each connection
 * @param timeout        limit for each answer; zero waits for ever
 */
record ConsoleSettings(URI base, String operator, String authorization, SSLContext ssl, Duration connectTimeout,
        Duration timeout) {

    /** Rejects nulls where a value is needed. */
    ConsoleSettings {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The {@code Authorization} header value for {@code operator} and {@code password} (UTF-8, RFC 7617). */
    static String basic(String operator, char[] password) {
        CharBuffer credentials = CharBuffer.allocate(operator.length() + 1 + password.length);
        credentials.put(operator).put(':').put(password).flip();
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(credentials);
        byte[] bytes = new byte[utf8.remaining()];
        utf8.get(bytes);
        String value = "Basic " + Base64.getEncoder().encodeToString(bytes);
        Arrays.fill(bytes, (byte) 0);
        Arrays.fill(credentials.array(), '\0');
        return value;
    }

    /** Never shows the credentials. */
    @Override
    public String toString() {
        return "ConsoleSettings[" + base + ", operator=" + operator + "]";
    }
}
