package org.mediachange.daemon.cli;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.mediachange.common.auth.KeyFileException;
import org.mediachange.common.auth.SharedKey;
import org.mediachange.common.cli.DurationConverter;
import org.mediachange.common.cli.IntRangeConverter;
import org.mediachange.common.cli.PositiveDurationConverter;
import org.mediachange.common.protocol.Wire;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.allow.Cidr;
import org.mediachange.daemon.allow.CidrConverter;
import org.mediachange.daemon.server.ServerConfig;
import picocli.CommandLine.Option;

/**
 * The request port's options of {@code mediachanged}: where it listens, whom it
 * allows, its timeouts, limits and shared key; mixed into {@link DaemonCommand}.
 * Every value with a range or a form is checked by its converter.
 */
final class ServerOptions {

    /** Default of {@code --answer-timeout}: wait for the operator forever. */
    static final String DEFAULT_ANSWER_TIMEOUT = "0";
    /** Default of {@code --request-timeout}, as {@link ServerConfig#DEFAULT_REQUEST_TIMEOUT} (a test checks it). */
    static final String DEFAULT_REQUEST_TIMEOUT = "10s";

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "" + Wire.DEFAULT_PORT,
            converter = IntRangeConverter.ListenPort.class,
            description = "TCP port to listen on (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", converter = BindAddressConverter.class,
            description = "Listen on this local address only (default: all interfaces, like the original).")
    private InetAddress bind;

    @Option(names = "--allow", paramLabel = "CIDR", converter = CidrConverter.class, split = "\\s*,\\s*",
            splitSynopsisLabel = ",",
            description = "Accept requests from this network, e.g. 10.0.0.0/8, 2001:db8::/32 or a single address;"
                    + " repeatable, or several separated by commas (default: 192.168.0.0/16, 127.0.0.0/8 and ::1).")
    private List<Cidr> allow;

    @Option(names = "--answer-timeout", paramLabel = "DURATION", defaultValue = DEFAULT_ANSWER_TIMEOUT,
            converter = DurationConverter.class,
            description = "Close an unanswered dialog after this long and answer Timeout; 0 waits forever"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration answerTimeout;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = DEFAULT_REQUEST_TIMEOUT,
            converter = PositiveDurationConverter.class,
            description = "The whole request line must arrive within this time of connecting; more than 0"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration requestTimeout;

    @Option(names = "--max-line", paramLabel = "BYTES", defaultValue = "" + Wire.DEFAULT_MAX_LINE_BYTES,
            converter = MaxLineConverter.class,
            description = "Longest request line accepted, in bytes, 1 to " + MaxLineConverter.MAX_BYTES
                    + " (default: ${DEFAULT-VALUE}).")
    private int maxLine;

    @Option(names = "--max-pending", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_MAX_PENDING,
            converter = IntRangeConverter.Positive.class,
            description = "Requests handled at once; more get Busy (default: ${DEFAULT-VALUE}).")
    private int maxPending;

    @Option(names = "--max-per-source", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_MAX_PER_SOURCE,
            converter = IntRangeConverter.Positive.class,
            description = "Requests handled at once from one address; more get Busy (default: ${DEFAULT-VALUE}).")
    private int maxPerSource;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "Accept only requests signed with the shared key in FILE (HMAC-SHA256; see PROTOCOL.md in "
                    + DaemonCommand.DOC_DIR + "), and sign the answers. Group and others may have no permission on FILE"
                    + " (chmod 600) and may not write the directories above it, as ssh demands of private keys.")
    private Path keyFile;

    /** The port to listen on (0: any free one). */
    int port() {
        return port;
    }

    /** The address to listen on; null for all interfaces. */
    InetAddress bind() {
        return bind;
    }

    /**
     * The request port's settings, with the shared key read from {@code --key-file}.
     *
     * @throws KeyFileException when the key file cannot be used (its message says why)
     */
    ServerConfig config() throws KeyFileException {
        AllowList allowList = allow == null ? AllowList.parse(AllowList.DEFAULT) : new AllowList(allow);
        return ServerConfig.builder().bindAddress(bind).port(port).allowList(allowList).maxLineBytes(maxLine)
                .requestTimeout(requestTimeout).answerTimeout(answerTimeout).maxPending(maxPending)
                .maxPerSource(maxPerSource).key(keyFile == null ? null : SharedKey.load(keyFile)).build();
    }
}
