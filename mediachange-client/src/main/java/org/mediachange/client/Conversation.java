package org.mediachange.client;

import java.io.PrintWriter;
import java.util.List;
import org.mediachange.common.text.Escaper;
import org.mediachange.common.time.Deadline;

/**
 * One run of the client once its arguments are understood: sends the request
 * (again and again as {@link RequestSender} says; to several daemons at once
 * through {@link FirstAnswer}),
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
                        new Notes(err)).send();
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

    /** Prints a single daemon's notes (retrying, console lost and back) on stderr as they come. */
    private static final class Notes implements RequestSender.Notes {
        private final PrintWriter err;

        Notes(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void note(String line) {
            err.println("mediachangec: " + line);
            err.flush();
        }
    }
}
