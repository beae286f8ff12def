package org.mediachange.daemon.metrics;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.web.WebConsole;
import org.mediachange.daemon.web.http.WebLimits;
import org.mediachange.daemon.web.filter.AllowFilter;
import org.mediachange.daemon.web.filter.LimitsFilter;
import org.mediachange.daemon.web.filter.SecurityHeadersFilter;

/**
 * {@code /metrics} on a port of its own ({@code --metrics [ADDRESS:]PORT}),
 * for a daemon without the web console or a scraper that should not reach it:
 * the JDK's HTTP server with the web console's filters for the allow list,
 * the size limits and the security headers, and nothing but {@link MetricsHandler}.
 * Plain HTTP on any address: the metrics hold no request text, names or
 * credentials (docs/OPERATIONS.md, "Monitoring").
 */
public final class MetricsServer implements AutoCloseable {

    private static final int BACKLOG = 16;

    private final HttpServer server;
    private final ThreadPoolExecutor threads;

    private MetricsServer(HttpServer server, ThreadPoolExecutor threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Binds {@code address} and serves {@code handler} at {@link MetricsHandler#PATH}
     * to the peers {@code allowList} allows.
     *
     * @throws IOException when the address cannot be bound
     */
    public static MetricsServer start(InetSocketAddress address, AllowList allowList, WebLimits limits,
            MetricsHandler handler) throws IOException {
        WebConsole.serverLimits(limits);
        HttpServer server = HttpServer.create(address, BACKLOG);
        AtomicInteger n = new AtomicInteger();
        // As the web console: a connection gets a thread at once or is closed; threads end after 5 s idle.
        ThreadPoolExecutor threads = new ThreadPoolExecutor(0, limits.maxConnections(), 5, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "mediachanged-metrics-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(threads);
        HttpContext c = server.createContext("/", handler);
        c.getFilters().addAll(List.of(new SecurityHeadersFilter(false), new AllowFilter(allowList),
                new LimitsFilter(limits)));
        server.start();
        return new MetricsServer(server, threads);
    }

    /** The address bound (the real port when port 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops serving. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
