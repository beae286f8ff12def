package org.mediachange.daemon.metrics;

import java.net.InetSocketAddress;
import org.mediachange.daemon.web.WebAddressConverter;
import picocli.CommandLine.Option;

/** The daemon's {@code --metrics [ADDRESS:]PORT} option (a picocli mixin). */
public final class MetricsOption {

    @Option(names = "--metrics", paramLabel = "[ADDRESS:]PORT", converter = WebAddressConverter.class,
            description = "Serve the Prometheus metrics at /metrics on PORT of ADDRESS (default address: 127.0.0.1),"
                    + " without login, to the hosts --allow lets in. The web console serves them too, at /metrics"
                    + " on its own port. Default: off.")
    private InetSocketAddress address;

    /** Where to serve {@code /metrics} on a port of its own, or null for nowhere. */
    public InetSocketAddress address() {
        return address;
    }
}
