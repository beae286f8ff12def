package org.mediachange.daemon.server;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mediachange.common.auth.AuthProtocol;

/**
 * Remembers the nonces of authenticated requests long enough to refuse a
 * replay: a request older than {@link AuthProtocol#MAX_SKEW_MILLIS} is refused
 * as stale anyway, so nonces are kept for twice that. Bounded: past
 * {@link #MAX_ENTRIES} the oldest are dropped (far beyond what the pending caps
 * let through in that time).
 */
final class ReplayGuard {

    static final int MAX_ENTRIES = 100_000;
    private static final long KEEP_MILLIS = 2 * AuthProtocol.MAX_SKEW_MILLIS;

    /** Nonce to the time it was first seen, oldest first. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    /** Records {@code nonce}; false if it was seen within the window. */
    synchronized boolean firstSeen(String nonce, long nowMillis) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (nowMillis - e.getValue() <= KEEP_MILLIS && seen.size() < MAX_ENTRIES) {
                break;
            }
            it.remove();
        }
        return seen.putIfAbsent(nonce, nowMillis) == null;
    }
}
