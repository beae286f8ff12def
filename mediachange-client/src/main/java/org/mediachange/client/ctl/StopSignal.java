package org.mediachange.client.ctl;

/**
 * How Ctrl-C or SIGTERM reaches a running {@code watch}: the command sets
 * what stopping means while it runs, and the signal handler of
 * {@link CtlMain} fires it.
 */
public final class StopSignal {

    private Runnable handler;

    /** While {@code stop} is set, {@link #fire} runs it. */
    synchronized void set(Runnable stop) {
        handler = stop;
    }

    /** Nothing to stop any more. */
    synchronized void clear() {
        handler = null;
    }

    /** Stops what is running, if something is; whether something was. */
    public boolean fire() {
        Runnable r;
        synchronized (this) {
            r = handler;
        }
        if (r == null) {
            return false;
        }
        r.run();
        return true;
    }
}
