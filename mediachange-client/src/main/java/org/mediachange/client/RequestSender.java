package org.mediachange.client;

import java.time.Duration;
import org.mediachange.common.time.Deadline;

/**
 * Runs exchanges with one daemon until one gives a final outcome.
 *
 * <p>Once the daemon has had the request and lost it (the connection ended
 * or was reset before an answer, or the daemon said {@code Error shutting
 * down}: it was stopped, restarted, upgraded, or its machine rebooted), the
 * console is <em>away</em>: the request is sent again on a new connection,
 * signed afresh, as soon as the daemon takes it, for as long as
 * {@code --timeout} allows (for ever with the default 0), whatever
 * {@code --retry-for} says. One note on stderr says the console was lost,
 * one that it is back (it has held the re-sent request for
 * {@link Exchange#HELD_AFTER}, or answered it); the tries in between are
 * silent but for a reminder every {@link #REMIND_EVERY}, so a console that is
 * away for hours costs a backup's log a few lines, not one per try.
 *
 * <p>Before the daemon has had the request, and when it says {@code Busy},
 * {@code --retry-for} decides, as it always did: without it, a refused
 * connection ends the run at once (a mistyped host name must not hang a
 * backup); with it, the daemon is tried again for that long from the first
 * failure of the stretch. A host name that does not resolve ends the run at
 * once even then, unless the daemon has had the request already.
 *
 * <p>Between tries it pauses as {@link Backoff} says; the pauses start again
 * from the shortest when a request the daemon had held for at least
 * {@link #RESET_AFTER} is lost, so a daemon that keeps dropping requests
 * soon after taking them is not hammered.
 */
final class RequestSender {

    /** While the console is away, a note says so this often. */
    static final Duration REMIND_EVERY = Duration.ofMinutes(10);
    /** A request held this long before it is lost starts the pauses from the shortest again. */
    static final Duration RESET_AFTER = Duration.ofMinutes(1);

    /** Takes the notes for stderr, one line each, without the {@code mediachangec: } prefix. */
    interface Notes {
        /** Says {@code line}. */
        void note(String line);
    }

    private final Target target;
    private final ClientRequest request;
    private final Deadline answerDeadline;
    private final Withdrawal withdrawal;
    private final Notes notes;
    private final RetryClock clock;
    private final Backoff backoff = new Backoff();
    private final Runnable back = new Runnable() {
        @Override
        public void run() {
            comeBack();
        }
    };

    /** Whether the daemon has had the request at least once. */
    private boolean delivered;
    /** Whether the daemon has lost the request and not taken it again yet. */
    private boolean away;
    private long awaySince;
    private long nextReminder;
    /** The end of the current stretch of {@code --retry-for} tries; null outside one. */
    private Deadline retryStretch;

    /**
     * @param answerDeadline the end of {@code --timeout}, shared by every daemon of the run
     * @param withdrawal     ends the exchanges from another thread; {@code null} for none
     */
    RequestSender(Target target, ClientRequest request, Deadline answerDeadline, Withdrawal withdrawal,
            Notes notes) {
        this(target, request, answerDeadline, withdrawal, notes, RetryClock.SYSTEM);
    }

    /** As above, with the clock and pauses of {@code clock}. */
    RequestSender(Target target, ClientRequest request, Deadline answerDeadline, Withdrawal withdrawal,
            Notes notes, RetryClock clock) {
        this.target = target;
        this.request = request;
        this.answerDeadline = answerDeadline;
        this.withdrawal = withdrawal;
        this.notes = notes;
        this.clock = clock;
    }

    /**
     * The final outcome with this daemon. A console that is away when
     * {@code --timeout} passes gives {@link Outcome.TimedOut}.
     *
     * @throws InterruptedException if interrupted during a pause (as a withdrawal does)
     */
    Outcome send() throws InterruptedException {
        while (true) {
            long started = clock.nanoTime();
            Outcome outcome = Exchange.attempt(target, request, answerDeadline, withdrawal, away ? back : null);
            if ((withdrawal != null && withdrawal.withdrawn()) || !again(outcome, clock.nanoTime() - started)) {
                return outcome;
            }
            Deadline limit = away ? answerDeadline : retryStretch.min(answerDeadline);
            // Not socketTimeoutMillis(): its 0 means "no deadline", which would make the pause 0.
            long left = limit.millisLeft();
            if (left == 0) {
                return away ? new Outcome.TimedOut() : outcome;
            }
            clock.sleep(Math.min(backoff.next().toMillis(), left));
        }
    }

    /** Whether to try again after {@code outcome}, which took {@code tookNanos}; notes what needs saying. */
    private boolean again(Outcome outcome, long tookNanos) {
        if (outcome instanceof Outcome.TimedOut) {
            return false;
        }
        if (outcome.lostRequest()) {
            delivered = true;
            if (away) {
                remind(outcome);
            } else {
                if (tookNanos >= RESET_AFTER.toNanos()) {
                    backoff.reset();
                }
                goAway(outcome);
            }
            return true;
        }
        if (outcome instanceof Outcome.Unreachable u) {
            if (!delivered) {
                return !u.unresolved() && retryFor(outcome);
            }
            if (away) {
                remind(outcome);
            } else {
                goAway(outcome);
            }
            return true;
        }
        comeBack(); // it answered, so it is there
        return outcome instanceof Outcome.Answered a && a.busy() && retryFor(outcome);
    }

    /** Whether {@code --retry-for} lets {@code failure} be tried again; says so at the start of a stretch. */
    private boolean retryFor(Outcome failure) {
        if (request.retryFor().isZero()) {
            return false;
        }
        if (retryStretch == null) {
            retryStretch = Deadline.after(request.retryFor());
            notes.note(Messages.retrying(failure, target, request.retryFor()));
        }
        return true;
    }

    private void goAway(Outcome loss) {
        away = true;
        retryStretch = null;
        awaySince = clock.nanoTime();
        nextReminder = awaySince + REMIND_EVERY.toNanos();
        notes.note(Messages.lost(loss, target));
    }

    private void remind(Outcome failure) {
        long now = clock.nanoTime();
        if (now - nextReminder >= 0) {
            nextReminder = now + REMIND_EVERY.toNanos();
            notes.note(Messages.stillAway(failure, target, Duration.ofNanos(now - awaySince)));
        }
    }

    private void comeBack() {
        if (away) {
            away = false;
            notes.note(Messages.back(target));
        }
    }
}
