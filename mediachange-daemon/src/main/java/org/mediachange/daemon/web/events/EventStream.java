package org.mediachange.daemon.web.events;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mediachange.daemon.requests.RequestEvent;

/**
 * The events waiting for one live stream. The board hands them over under its
 * lock, so {@link #offer} never blocks: a stream that falls
 * {@code capacity} events behind is dropped (its client reconnects and starts
 * from a fresh snapshot), never waited for.
 */
final class EventStream {

    /** What the writer takes next: an event, or the end of the stream. */
    sealed interface Item {
    }

    /** A request event to send. */
    record Send(RequestEvent event) implements Item {
    }

    /** The stream ends: {@code why} for the log. */
    record End(String why) implements Item {
    }

    private final BlockingQueue<Item> queue;
    private volatile boolean ended;

    EventStream(int capacity) {
        // One slot more than the events, so the End always fits.
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
    }

    /** From the board, under its lock: queues {@code e}, or ends the stream if it is too far behind. */
    void offer(RequestEvent e) {
        if (ended) {
            return;
        }
        if (queue.remainingCapacity() <= 1 || !queue.offer(new Send(e))) {
            end("fell behind");
        }
    }

    /** Ends the stream at the writer's next look (daemon stopping, stream too slow). */
    void end(String why) {
        if (!ended) {
            ended = true;
            queue.clear();
            queue.offer(new End(why));
        }
    }

    /** The next item, or null when none came within {@code millis}. */
    Item poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }
}
