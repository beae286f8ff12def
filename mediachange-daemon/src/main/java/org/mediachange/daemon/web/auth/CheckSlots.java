package org.mediachange.daemon.web.auth;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The password checks (PBKDF2, slow by design) that may run at once:
 * {@code all} in total, of which untrusted attempts may hold at most
 * {@code untrusted}. So however many untrusted attempts wait, a trusted one
 * (with a device token) finds a slot free, or waits only for another trusted
 * one.
 */
final class CheckSlots {

    private final Semaphore all;
    private final Semaphore untrusted;

    CheckSlots(int all, int untrusted) {
        this.all = new Semaphore(all, true);
        this.untrusted = new Semaphore(untrusted, true);
    }

    /** Takes a slot within {@code wait}; false if none came free. */
    boolean acquire(boolean trusted, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        if (trusted) {
            return all.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (!untrusted.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        // Only holders of untrusted permits (fewer than all slots) wait here: a trusted attempt is never
        // behind a queue of untrusted ones.
        if (!all.tryAcquire(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            untrusted.release();
            return false;
        }
        return true;
    }

    /** Gives back a slot taken with the same {@code trusted}. */
    void release(boolean trusted) {
        all.release();
        if (!trusted) {
            untrusted.release();
        }
    }
}
