package org.mediachange.client;

import java.io.PrintWriter;
import org.mediachange.common.text.Escaper;

/**
 * One run of the client once its arguments are understood: sends the request
 * (retrying as asked), prints the daemon's answer line on stdout and any
 * problem in one line on stderr, and gives the exit code. Used by both the
 * picocli command and the fast path ({@link QuickArgs}), and loads no picocli
 * class, so the fast path stays fast.
 */
final class Conversation {

    private Conversation() {
    }

    /** Runs {@code request}; never throws (an unexpected failure is reported as an internal error). */
    static ExitCode run(ClientRequest request, boolean quiet, PrintWriter out, PrintWriter err) {
        Outcome outcome;
        try {
            outcome = new RequestSender(err).send(request);
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
        String problem = Messages.problem(outcome, request);
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
}
