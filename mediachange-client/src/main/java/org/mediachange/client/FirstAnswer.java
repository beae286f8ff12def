package org.mediachange.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.protocol.Answer;
import org.mediachange.common.time.Deadline;

/**
 * Asks several daemons at once ({@code mediachangec HOST1,HOST2 MESSAGE}):
 * each in a thread of its own, which resolves, connects (with its own
 * {@code --connect-timeout}), retries (with {@code --retry-for}) and sends
 * the request again to a console that lost it exactly as a run with that one
 * host would ({@link RequestSender}), while {@code --timeout} bounds the
 * whole wait. The first {@code Ok} or {@code Cancel} wins, and the other requests are
 * withdrawn by closing their connections, which each daemon takes as a
 * withdrawal and clears its dialog and pages. A daemon that cannot be reached
 * or refuses is reported as it happens but ends nothing while another still
 * has the request. When all have ended without an answer, the exit code is
 * that of the single-host client for the most telling outcome: 3 if any ran
 * out of time ({@code Timeout}), else 4 if any refused, else 5.
 *
 * <p>Only the calling thread writes to {@code err}; the asking threads report
 * through a queue, so nothing is printed after {@link #ask} returns.
 */
final class FirstAnswer {

    /** The daemon whose outcome decides the run, and that outcome. */
    record Decision(Target target, Outcome outcome) {
    }

    /** What an asking thread reports: a note for stderr, or (with a null note) its final outcome. */
    private record Event(int index, Outcome outcome, String note) {
    }

    private final PrintWriter err;

    FirstAnswer(PrintWriter err) {
        this.err = err;
    }

    /**
     * Asks every daemon of {@code request} and returns what decides the run;
     * every connection is closed (every request withdrawn) when it returns.
     */
    Decision ask(ClientRequest request) throws InterruptedException {
        List<Target> targets = request.targets();
        Deadline deadline = Deadline.after(request.answerTimeout());
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        List<Withdrawal> withdrawals = new ArrayList<>(targets.size());
        List<Thread> threads = new ArrayList<>(targets.size());
        try {
            for (int i = 0; i < targets.size(); i++) {
                Withdrawal withdrawal = new Withdrawal();
                withdrawals.add(withdrawal);
                // A daemon: one stuck in a name lookup must not keep the client alive.
                Thread t = DaemonThreads.of("mediachangec-" + targets.get(i).label(),
                        asking(i, targets.get(i), request, deadline, withdrawal, events));
                threads.add(t);
                t.start();
            }
            return await(targets, deadline, events);
        } finally {
            for (int i = 0; i < threads.size(); i++) {
                withdrawals.get(i).withdraw();
                threads.get(i).interrupt(); // ends a pause between retries
            }
        }
    }

    private static Runnable asking(int index, Target target, ClientRequest request, Deadline deadline,
            Withdrawal withdrawal, BlockingQueue<Event> events) {
        return () -> {
            Outcome outcome;
            try {
                outcome = new RequestSender(target, request, deadline, withdrawal,
                        line -> events.add(new Event(index, null, line))).send();
            } catch (InterruptedException e) {
                return; // withdrawn during a pause: nobody waits for this daemon any more
            } catch (RuntimeException e) {
                outcome = new Outcome.Lost("internal error: " + e);
            }
            events.add(new Event(index, outcome, null));
        };
    }

    private Decision await(List<Target> targets, Deadline deadline,
            BlockingQueue<Event> events) throws InterruptedException {
        Outcome[] ended = new Outcome[targets.size()];
        int pending = targets.size();
        while (pending > 0) {
            Event e = events.poll(deadline.millisLeft(), TimeUnit.MILLISECONDS);
            if (e != null && e.note() != null) {
                report(e.note());
                continue;
            }
            if (e == null || e.outcome() instanceof Outcome.TimedOut) {
                // --timeout has passed for every daemon still asked, not only for the one that said so.
                for (int i = 0; i < ended.length; i++) {
                    if (ended[i] == null) {
                        ended[i] = new Outcome.TimedOut();
                        report(Messages.problem(ended[i], targets.get(i)));
                    }
                }
                break;
            }
            Target target = targets.get(e.index());
            if (isAnswer(e.outcome())) {
                return new Decision(target, e.outcome());
            }
            ended[e.index()] = e.outcome();
            pending--;
            List<Target> waiting = new ArrayList<>();
            for (int i = 0; i < ended.length; i++) {
                if (ended[i] == null) {
                    waiting.add(targets.get(i));
                }
            }
            report(Messages.stillWaiting(e.outcome(), target, waiting));
        }
        return decide(targets, ended);
    }

    /** Whether {@code outcome} is the operator's answer, which ends the whole run. */
    private static boolean isAnswer(Outcome outcome) {
        return outcome instanceof Outcome.Answered a
                && (a.reply().answer() == Answer.OK || a.reply().answer() == Answer.CANCEL);
    }

    /**
     * Without an answer, the lowest exit code decides: 3 (no answer in time)
     * before 4 (refused) before 5 (unreachable); the first daemon named with it.
     */
    private static Decision decide(List<Target> targets, Outcome[] ended) {
        int best = 0;
        for (int i = 1; i < ended.length; i++) {
            if (ExitCode.of(ended[i]).code() < ExitCode.of(ended[best]).code()) {
                best = i;
            }
        }
        return new Decision(targets.get(best), ended[best]);
    }

    private void report(String problem) {
        err.println("mediachangec: " + problem);
        err.flush();
    }
}
