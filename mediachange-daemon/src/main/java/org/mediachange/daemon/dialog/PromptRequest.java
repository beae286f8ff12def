package org.mediachange.daemon.dialog;

import java.util.Objects;

/**
 * One request as the operator will see it. All text is untrusted and shown
 * literally, with control characters escaped.
 *
 * @param hostName the peer's host name, or its address when it has none
 * @param address  the peer's IP address as text
 * @param message  the request line, decoded
 */
public record PromptRequest(String hostName, String address, String message) {

    /** Rejects nulls. */
    public PromptRequest {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(message, "message");
    }
}
