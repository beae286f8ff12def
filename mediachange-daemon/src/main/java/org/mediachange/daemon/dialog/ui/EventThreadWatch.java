package org.mediachange.daemon.dialog.ui;

import java.awt.AWTEvent;
import java.awt.EventQueue;
import java.awt.Toolkit;
import java.io.PrintWriter;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;

/**
 * Answers the daemon's {@code ping} in the dialog process, and only while the
 * Swing event thread makes progress: a process whose event thread is stuck
 * (an AWT deadlock, a dialog that never finishes laying out) stops answering
 * and is replaced by the daemon.
 *
 * <p>A {@code pong} goes out when the event thread runs it (posted behind
 * whatever is queued), or as soon as the event thread has started any event
 * after the {@code ping} arrived. The second way keeps a busy event thread
 * alive in the daemon's eyes: laying out a burst of 128 dialogs with hostile
 * text kept it busy for over 15 s on a loaded machine, but it starts a new
 * event every few hundred milliseconds; a stuck one starts none. Events are
 * timed by an {@link EventQueue} pushed in front of the system one.
 */
final class EventThreadWatch implements AutoCloseable {

    /** How often the watcher looks whether the event thread has moved on. */
    private static final long LOOK_MILLIS = 100;

    /** nanoTime when the event thread last started an event. */
    private static volatile long lastEventStart = System.nanoTime();
    private static boolean clockInstalled;

    private final PrintWriter protocol;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: the ping waiting for its pong (0: none), when it came, the last answered. */
    private long waiting;
    private long waitingSince;
    private long answered;
    private final Thread watcher;
    private volatile boolean closed;

    private EventThreadWatch(PrintWriter protocol) {
        this.protocol = protocol;
        this.watcher = DaemonThreads.of("mediachange-liveness", this::watch);
    }

    /** Starts answering pings on {@code protocol} (lines are written under its lock). */
    static EventThreadWatch start(PrintWriter protocol) {
        installClock();
        EventThreadWatch w = new EventThreadWatch(protocol);
        w.watcher.start();
        return w;
    }

    private static synchronized void installClock() {
        if (!clockInstalled) {
            Toolkit.getDefaultToolkit().getSystemEventQueue().push(new EventQueue() {
                @Override
                protected void dispatchEvent(AWTEvent event) {
                    lastEventStart = System.nanoTime();
                    super.dispatchEvent(event);
                }
            });
            clockInstalled = true;
        }
    }

    /** {@code ping number} arrived: answer it once the event thread shows it is alive. */
    void ping(long number) {
        synchronized (lock) {
            waiting = number;
            waitingSince = System.nanoTime();
            lock.notifyAll();
        }
        EventQueue.invokeLater(() -> pong(number));
    }

    /** Looks every {@link #LOOK_MILLIS} while a ping waits for its pong, and sleeps otherwise. */
    private void watch() {
        try {
            while (!closed) {
                long number = 0;
                synchronized (lock) {
                    while (waiting == 0 && !closed) {
                        lock.wait();
                    }
                    if (waiting != 0 && lastEventStart - waitingSince > 0) {
                        number = waiting;
                    }
                }
                if (number != 0) {
                    pong(number);
                } else {
                    Thread.sleep(LOOK_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void pong(long number) {
        synchronized (lock) {
            if (number <= answered) {
                return;
            }
            answered = number;
            if (waiting <= number) {
                waiting = 0;
            }
        }
        synchronized (protocol) {
            protocol.println(PipeProtocol.pong(number));
            protocol.flush();
        }
    }

    /** Stops the watcher thread. */
    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
    }
}
