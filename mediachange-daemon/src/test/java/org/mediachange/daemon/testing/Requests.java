package org.mediachange.daemon.testing;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.mediachange.daemon.model.RequestInfo;

/** Requests as the board hands them to surfaces, for tests of a surface alone. */
public final class Requests {

    private static final AtomicLong IDS = new AtomicLong(1_000_000);
    private static final Instant RECEIVED = Instant.parse("2026-11-30T01:02:03Z");

    private Requests() {
    }

    /** Request {@code id} from {@code host} at {@code peer}. */
    public static RequestInfo info(long id, String host, String peer, String message) {
        return new RequestInfo(id, RECEIVED, peer, host, message);
    }

    /** A request with an id of its own (from a million up), from {@code host} at {@code peer}. */
    public static RequestInfo of(String host, String peer, String message) {
        return info(IDS.incrementAndGet(), host, peer, message);
    }
}
