package org.mediachange.client;

/**
 * The clock and the pauses of {@link RequestSender}: the system's in a run,
 * one of its own in a test that follows the tries of many minutes without
 * waiting for them.
 */
interface RetryClock {

    /** The system clock and {@link Thread#sleep}. */
    RetryClock SYSTEM = new RetryClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };

    /** Now, as {@link System#nanoTime()} counts. */
    long nanoTime();

    /** Pauses for {@code millis} milliseconds. */
    void sleep(long millis) throws InterruptedException;
}
