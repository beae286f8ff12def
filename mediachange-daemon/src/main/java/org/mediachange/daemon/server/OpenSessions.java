package org.mediachange.daemon.server;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The connections being handled, counted in all and per source address, so
 * the accept loop can answer {@code Busy} past either cap (connections still
 * sending their line count too, so a slow flood cannot starve other hosts),
 * and so shutdown can reach every one of them.
 */
final class OpenSessions {

    private final int maxTotal;
    private final int maxPerSource;
    private final Set<Session> active = new HashSet<>();
    private final Map<InetAddress, Integer> perSource = new HashMap<>();
    private boolean closed;

    OpenSessions(int maxTotal, int maxPerSource) {
        this.maxTotal = maxTotal;
        this.maxPerSource = maxPerSource;
    }

    /** Registers {@code handler} unless a cap is reached or shutdown began; false means answer Busy. */
    synchronized boolean admit(Session handler) {
        InetAddress source = handler.source();
        int fromSource = perSource.getOrDefault(source, 0);
        if (closed || active.size() >= maxTotal || fromSource >= maxPerSource) {
            return false;
        }
        active.add(handler);
        perSource.put(source, fromSource + 1);
        return true;
    }

    /** Forgets {@code handler}; called once when its connection is finished. */
    synchronized void release(Session handler) {
        if (active.remove(handler)) {
            perSource.computeIfPresent(handler.source(), (k, v) -> v == 1 ? null : v - 1);
            notifyAll();
        }
    }

    /** How many connections are being handled. */
    synchronized int size() {
        return active.size();
    }

    /** Refuses new admissions and tells every active handler to finish with {@code Error shutting down}. */
    void shutdownAll() {
        List<Session> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(active);
        }
        all.forEach(Session::shutdown);
    }

    /** Waits until no handler is active or {@code millis} pass; true if all finished. */
    synchronized boolean awaitEmpty(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!active.isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
