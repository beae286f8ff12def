package org.mediachange.daemon.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import org.mediachange.common.auth.SharedKey;
import org.mediachange.common.protocol.Wire;
import org.mediachange.daemon.allow.AllowList;

/**
 * Settings of the network side of the daemon, fixed at start.
 *
 * @param bindAddress    local address to listen on; {@code null} for all interfaces
 * @param port           TCP port; 0 picks a free one (tests)
 * @param allowList      peers that may send requests
 * @param maxLineBytes   longest request line accepted
 * @param requestTimeout time from accept until the whole request line must have arrived
 * @param answerTimeout  time the operator has to answer; zero waits forever
 * @param maxPending     connections handled at once, all sources together
 * @param maxPerSource   connections handled at once from one address
 * @param resolveTimeout longest wait for the peer's host name before showing its address
 * @param key            shared key requests must be signed with; {@code null} for the plain protocol
 */
public record ServerConfig(InetAddress bindAddress, int port, AllowList allowList, int maxLineBytes,
        Duration requestTimeout, Duration answerTimeout, int maxPending, int maxPerSource, Duration resolveTimeout,
        SharedKey key) {

    /** Port of the original daemon. */
    public static final int DEFAULT_PORT = Wire.DEFAULT_PORT;
    /** Whole request line within this time of the accept. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Requests handled at once. */
    public static final int DEFAULT_MAX_PENDING = 64;
    /** Requests handled at once from one address. */
    public static final int DEFAULT_MAX_PER_SOURCE = 8;
    /** Reverse DNS gets this long before the dialog shows the bare address. */
    public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofSeconds(2);

    /** Validates ranges. */
    public ServerConfig {
        Objects.requireNonNull(allowList, "allowList");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(answerTimeout, "answerTimeout");
        Objects.requireNonNull(resolveTimeout, "resolveTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("max line must be at least 1 byte");
        }
        if (requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw new IllegalArgumentException("request timeout must be positive");
        }
        if (answerTimeout.isNegative()) {
            throw new IllegalArgumentException("answer timeout must not be negative");
        }
        if (maxPending < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException("max pending and max per source must be at least 1");
        }
    }

    /** Answers wait for the operator for ever (the original's behaviour). */
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ZERO;

    /** Settings for the plain protocol, without a key. */
    public ServerConfig(InetAddress bindAddress, int port, AllowList allowList, int maxLineBytes,
            Duration requestTimeout, Duration answerTimeout, int maxPending, int maxPerSource,
            Duration resolveTimeout) {
        this(bindAddress, port, allowList, maxLineBytes, requestTimeout, answerTimeout, maxPending, maxPerSource,
                resolveTimeout, null);
    }

    /** Settings that start from the defaults; set what differs by name. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults, listening on {@code port} of all interfaces with {@code allowList}. */
    public static ServerConfig defaults(int port, AllowList allowList) {
        return builder().port(port).allowList(allowList).build();
    }

    /** These settings with requests authenticated by {@code sharedKey}. */
    public ServerConfig withKey(SharedKey sharedKey) {
        return new ServerConfig(bindAddress, port, allowList, maxLineBytes, requestTimeout, answerTimeout, maxPending,
                maxPerSource, resolveTimeout, sharedKey);
    }

    /**
     * Settings by name, each starting from its default: all interfaces, port
     * {@value #DEFAULT_PORT}, the default allow-list ({@link AllowList#DEFAULT}), and
     * the {@code DEFAULT_} constants.
     */
    public static final class Builder {
        private InetAddress bindAddress;
        private int port = DEFAULT_PORT;
        private AllowList allowList = AllowList.parse(AllowList.DEFAULT);
        private int maxLineBytes = Wire.DEFAULT_MAX_LINE_BYTES;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration answerTimeout = DEFAULT_ANSWER_TIMEOUT;
        private int maxPending = DEFAULT_MAX_PENDING;
        private int maxPerSource = DEFAULT_MAX_PER_SOURCE;
        private Duration resolveTimeout = DEFAULT_RESOLVE_TIMEOUT;
        private SharedKey key;

        private Builder() {
        }

        /** See {@link ServerConfig#bindAddress()}. */
        public Builder bindAddress(InetAddress value) {
            bindAddress = value;
            return this;
        }

        /** See {@link ServerConfig#port()}. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** See {@link ServerConfig#allowList()}. */
        public Builder allowList(AllowList value) {
            allowList = value;
            return this;
        }

        /** See {@link ServerConfig#maxLineBytes()}. */
        public Builder maxLineBytes(int value) {
            maxLineBytes = value;
            return this;
        }

        /** See {@link ServerConfig#requestTimeout()}. */
        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        /** See {@link ServerConfig#answerTimeout()}. */
        public Builder answerTimeout(Duration value) {
            answerTimeout = value;
            return this;
        }

        /** See {@link ServerConfig#maxPending()}. */
        public Builder maxPending(int value) {
            maxPending = value;
            return this;
        }

        /** See {@link ServerConfig#maxPerSource()}. */
        public Builder maxPerSource(int value) {
            maxPerSource = value;
            return this;
        }

        /** See {@link ServerConfig#resolveTimeout()}. */
        public Builder resolveTimeout(Duration value) {
            resolveTimeout = value;
            return this;
        }

        /** See {@link ServerConfig#key()}. */
        public Builder key(SharedKey value) {
            key = value;
            return this;
        }

        /** The settings, checked. */
        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, allowList, maxLineBytes, requestTimeout, answerTimeout,
                    maxPending, maxPerSource, resolveTimeout, key);
        }
    }
}
