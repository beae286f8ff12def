package org.mediachange.client;

import java.time.Duration;
import org.mediachange.common.time.Deadline;

/**
 * Runs exchanges with one daemon until one gives a final outcome: with
 * {@code --retry-for}, a daemon that is down, restarting, full, or drops the
 * connection is tried again with growing pauses (0.5 s doubling up to 10 s)
 * until the retry window or the answer timeout ends.
 */
final class RequestSender {

    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    /** Told once, when a failed attempt is first going to be tried again. */
    interface Listener {
        /** {@code failure} is retried (and so are later ones, without another call). */
        void retrying(Outcome failure);
    }

    private final Target target;
    private final ClientRequest request;
    private final Deadline answerDeadline;
    private final Withdrawal withdrawal;
    private final Listener listener;

    /**
     * @param answerDeadline the end of {@code --timeout}, shared by every daemon of the run
     * @param withdrawal     ends the exchanges from another thread; {@code null} for none
     */
    RequestSender(Target target, ClientRequest request, Deadline answerDeadline, Withdrawal withdrawal,
            Listener listener) {
        this.target = target;
        this.request = request;
        this.answerDeadline = answerDeadline;
        this.withdrawal = withdrawal;
        this.listener = listener;
    }

    /**
     * The final outcome with this daemon.
     *
     * @throws InterruptedException if interrupted during a pause (as a withdrawal does)
     */
    Outcome send() throws InterruptedException {
        boolean retrying = !request.retryFor().isZero();
        Deadline retryDeadline = Deadline.after(request.retryFor());
        Duration pause = FIRST_PAUSE;
        Outcome outcome = Exchange.attempt(target, request, answerDeadline, withdrawal);
        boolean announced = false;
        while (retrying && outcome.retryable() && (withdrawal == null || !withdrawal.withdrawn())) {
            // Not socketTimeoutMillis(): its 0 means "no deadline", which would make the pause 0.
            long left = retryDeadline.min(answerDeadline).millisLeft();
            if (left == 0) {
                break;
            }
            if (!announced) {
                listener.retrying(outcome);
                announced = true;
            }
            Thread.sleep(Math.min(pause.toMillis(), left));
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            outcome = Exchange.attempt(target, request, answerDeadline, withdrawal);
        }
        return outcome;
    }
}
