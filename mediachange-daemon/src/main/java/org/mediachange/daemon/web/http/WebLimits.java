package org.mediachange.daemon.web.http;

import java.time.Duration;

/**
 * The bounds of the web console, so that no client, slow or hostile, can take
 * more than its share (docs/WEB.md, "Limits").
 *
 * @param maxConnections  open HTTP connections at once; more are closed on accept (the JDK server's
 *                        {@code jdk.httpserver.maxConnections}), and as many threads at most serve them
 * @param maxStreams      live event streams at once; more get 503
 * @param maxBodyBytes    longest request body; more get 413
 * @param maxHeaderBytes  request line and headers together; more get 431 (or the connection is closed)
 * @param requestTime     time for a request's headers and body to arrive; then the connection is closed
 * @param idleTime        an idle keep-alive connection is closed after this
 * @param streamQueue     events waiting for one slow stream; past that the stream is dropped
 * @param keepAlive       a stream with nothing to say sends a comment this often
 * @param writeStall      a write to a stream that takes longer cuts the stream
 */
public record WebLimits(int maxConnections, int maxStreams, int maxBodyBytes, int maxHeaderBytes,
        Duration requestTime, Duration idleTime, int streamQueue, Duration keepAlive, Duration writeStall) {

    /** The daemon's limits. */
    public static final WebLimits DEFAULT = new WebLimits(64, 16, 4096, 16 * 1024, Duration.ofSeconds(10),
            Duration.ofSeconds(30), 256, Duration.ofSeconds(15), Duration.ofSeconds(10));

    /** Checks ranges. */
    public WebLimits {
        if (maxConnections < 2 || maxStreams < 1 || maxStreams >= maxConnections || maxBodyBytes < 64
                || maxHeaderBytes < 1024 || streamQueue < 8) {
            throw new IllegalArgumentException("web limits out of range");
        }
        for (Duration d : new Duration[] {requestTime, idleTime, keepAlive, writeStall}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("web limit times must be positive");
            }
        }
    }
}
