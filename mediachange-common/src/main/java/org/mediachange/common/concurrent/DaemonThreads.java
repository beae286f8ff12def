package org.mediachange.common.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way the programs make their threads: daemon threads (none may keep
 * a JVM alive that should end), each named, so that thread dumps and log
 * lines say what it does.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A daemon thread named {@code name} that runs {@code body}; not started. */
    public static Thread of(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts a daemon thread named {@code name} that runs {@code body}. */
    public static Thread start(String name, Runnable body) {
        Thread t = of(name, body);
        t.start();
        return t;
    }

    /** For a pool: daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return body -> of(prefix + "-" + n.incrementAndGet(), body);
    }

    /** For a pool of one: daemon threads all named {@code name}. */
    public static ThreadFactory named(String name) {
        return body -> of(name, body);
    }
}
