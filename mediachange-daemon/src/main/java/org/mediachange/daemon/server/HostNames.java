package org.mediachange.daemon.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.net.Addresses;

/**
 * Looks up peers' host names by reverse DNS (confirmed by a forward lookup, as
 * {@link InetAddress#getHostName()} does) on a small pool of its own, never in
 * the accept loop and never unbounded: when the pool is full the answer is the
 * bare address at once.
 */
public interface HostNames {

    /** The host name of {@code address}, or its textual address when it has none. */
    CompletableFuture<String> lookup(InetAddress address);

    /** Reverse DNS on {@code threads} daemon threads with a queue of {@code queue} lookups. */
    static HostNames reverseDns(int threads, int queue) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), DaemonThreads.numbered("mediachanged-dns"));
        pool.allowCoreThreadTimeOut(true);
        return address -> {
            try {
                return CompletableFuture.supplyAsync(() -> nameOf(address), pool);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.completedFuture(Addresses.format(address));
            }
        };
    }

    /** No lookups: every host is shown by address. */
    static HostNames addressesOnly() {
        return address -> CompletableFuture.completedFuture(Addresses.format(address));
    }

    private static String nameOf(InetAddress address) {
        try {
            // A fresh InetAddress without a cached name forces the reverse lookup.
            return InetAddress.getByAddress(address.getAddress()).getHostName();
        } catch (UnknownHostException e) {
            return Addresses.format(address);
        }
    }
}
