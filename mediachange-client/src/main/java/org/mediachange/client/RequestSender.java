package org.mediachange.client;

import java.io.PrintWriter;
import java.time.Duration;
import org.mediachange.common.time.Deadline;
import org.mediachange.common.time.Durations;

/**
 * Runs exchanges until one gives a final outcome: with {@code --retry-for}, a
 * daemon that is down, restarting, full, or drops the connection is tried
 * again with growing pauses (0.5 s doubling up to 10 s) until the retry window
 * or the answer timeout ends.
 */
final class RequestSender {

    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    private final PrintWriter err;

    RequestSender(PrintWriter err) {
        this.err = err;
    }

    Outcome send(ClientRequest request) throws InterruptedException {
        Deadline answerDeadline = Deadline.after(request.answerTimeout());
        boolean retrying = !request.retryFor().isZero();
        Deadline retryDeadline = Deadline.after(request.retryFor());
        Duration pause = FIRST_PAUSE;
        Outcome outcome = Exchange.attempt(request, answerDeadline);
        boolean announced = false;
        while (retrying && outcome.retryable()) {
            // Not socketTimeoutMillis(): its 0 means "no deadline", which would make the pause 0.
            long left = retryDeadline.min(answerDeadline).millisLeft();
            if (left == 0) {
                break;
            }
            if (!announced) {
                err.println("mediachangec: " + Messages.problem(outcome, request) + "; retrying for up to "
                        + Durations.format(request.retryFor()));
                err.flush();
                announced = true;
            }
            Thread.sleep(Math.min(pause.toMillis(), left));
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            outcome = Exchange.attempt(request, answerDeadline);
        }
        return outcome;
    }
}
