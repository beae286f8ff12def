package org.mediachange.client;

import java.io.PrintWriter;
import java.util.List;
import org.mediachange.common.text.Escaper;
import org.mediachange.common.time.Deadline;

/**
 * One run of the client once its arguments are understood: sends the request
 * (retrying as asked; to several daemons at once through {@link FirstAnswer}),
 * prints the deciding answer line on stdout and any problem in one line on
 * stderr, and gives the exit code. Used by both the picocli command and the
 * fast path ({@link QuickArgs}), and loads no picocli class, so the fast path
 * stays fast.
 */
final class Conversation {

    private Conversation() {
    }

    /** Runs {@code request}; never throws (an unexpected failure is reported as an internal error). */
    static ExitCode run(ClientRequest request, boolean quiet, PrintWriter out, PrintWriter err) {
        List<Target> targets = request.targets();
        Outcome outcome;
        String problem;
        try {
            if (targets.size() == 1) {
                Target target = targets.get(0);
                outcome = new RequestSender(target, request, Deadline.after(request.answerTimeout()), null,
                        new RetryNotice(err, target, request)).send();
                problem = Messages.problem(outcome, target);
            } else {
                outcome = new FirstAnswer(err).ask(request).outcome();
                problem = null; // FirstAnswer reported each daemon's problem as it happened
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return internalError(e, err);
        } catch (RuntimeException e) {
            return internalError(e, err);
        }
        if (!quiet) {
            String line = outcome instanceof Outcome.Answered a ? a.rawLine()
                    : outcome instanceof Outcome.Unrecognised u && !u.rawLine().isEmpty() ? u.rawLine() : null;
            if (line != null) {
                out.println(Escaper.forDisplay(line));
                out.flush();
            }
        }
        if (problem != null) {
            err.println("mediachangec: " + problem);
            err.flush();
        }
        return ExitCode.of(outcome);
    }

    private static ExitCode internalError(Exception e, PrintWriter err) {
        err.println("mediachangec: internal error: " + Escaper.forDisplay(String.valueOf(e)));
        err.flush();
        return ExitCode.UNREACHABLE;
    }

    /** Says once on stderr that a single daemon's failure is being retried. */
    private static final class RetryNotice implements RequestSender.Listener {
        private final PrintWriter err;
        private final Target target;
        private final ClientRequest request;

        RetryNotice(PrintWriter err, Target target, ClientRequest request) {
            this.err = err;
            this.target = target;
            this.request = request;
        }

        @Override
        public void retrying(Outcome failure) {
            err.println("mediachangec: " + Messages.retrying(failure, target, request.retryFor()));
            err.flush();
        }
    }
}
