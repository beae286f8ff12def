package org.mediachange.client;

import java.time.Duration;
import java.util.List;
import org.mediachange.common.protocol.Reply;
import org.mediachange.common.text.Escaper;
import org.mediachange.common.time.Durations;

/** The one-line explanations the client prints on stderr. */
final class Messages {

    private Messages() {
    }

    /** Why {@code outcome} is not Ok or Cancel, naming the daemon; {@code null} for Ok and Cancel. */
    static String problem(Outcome outcome, Target target) {
        String at = Escaper.forDisplay(target.label());
        if (outcome instanceof Outcome.Answered a) {
            return answered(a.reply(), at);
        }
        if (outcome instanceof Outcome.Unrecognised u) {
            return "unexpected answer from " + at + " (" + u.why() + "): '" + Escaper.forDisplay(u.rawLine()) + "'";
        }
        if (outcome instanceof Outcome.Unreachable u) {
            return "cannot reach the daemon at " + at + ": " + Escaper.forDisplay(u.why());
        }
        if (outcome instanceof Outcome.Lost l) {
            return "connection to " + at + " lost before an answer: " + Escaper.forDisplay(l.why());
        }
        if (outcome instanceof Outcome.TimedOut) {
            return "no answer from " + at + " within the time set by --timeout";
        }
        throw new IllegalStateException(outcome.toString());
    }

    /** {@link #problem} for a {@code failure} that {@code --retry-for} is going to try again. */
    static String retrying(Outcome failure, Target target, Duration retryFor) {
        return problem(failure, target) + "; retrying for up to " + Durations.format(retryFor);
    }

    /** The note that the daemon at {@code target} lost the request ({@code loss} says how). */
    static String lost(Outcome loss, Target target) {
        return "lost the console at " + Escaper.forDisplay(target.label()) + " (" + reason(loss) + ");"
                + " re-sending the request when it is back";
    }

    /** The note, every so often, that the console is still away after {@code away}; {@code last} is the last try. */
    static String stillAway(Outcome last, Target target, Duration away) {
        return "the console at " + Escaper.forDisplay(target.label()) + " is still away after "
                + Durations.format(Duration.ofMinutes(away.toMinutes())) + " (" + reason(last) + ");"
                + " re-sending the request when it is back";
    }

    /** The note that the console has the request again. */
    static String back(Target target) {
        return "the console at " + Escaper.forDisplay(target.label()) + " is back; request sent again";
    }

    /** Why a try failed, in a few words for a note. */
    private static String reason(Outcome failure) {
        if (failure instanceof Outcome.Answered a && a.reply().isShutdown()) {
            return "it is shutting down";
        }
        if (failure instanceof Outcome.Lost l) {
            return Escaper.forDisplay(l.why());
        }
        if (failure instanceof Outcome.Unreachable u) {
            return Escaper.forDisplay(u.why());
        }
        throw new IllegalStateException(failure.toString());
    }

    /** {@link #problem} for one of several daemons, and which of them still have the request. */
    static String stillWaiting(Outcome outcome, Target target, List<Target> waiting) {
        if (waiting.isEmpty()) {
            return problem(outcome, target);
        }
        StringBuilder sb = new StringBuilder(problem(outcome, target)).append("; still waiting for ");
        for (int i = 0; i < waiting.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Escaper.forDisplay(waiting.get(i).label()));
        }
        return sb.toString();
    }

    private static String answered(Reply reply, String at) {
        switch (reply.answer()) {
            case OK:
            case CANCEL:
                return null;
            case DENIED:
                return "the daemon at " + at + " refused this host (Denied): its --allow list does not include our address";
            case BUSY:
                return "the daemon at " + at + " is busy (too many pending requests); try again later or use --retry-for";
            case TIMEOUT:
                return "nobody answered at " + at + " before the daemon's answer timeout (Timeout)";
            case ERROR:
                if (reply.isShutdown()) {
                    return "the daemon at " + at + " is shutting down";
                }
                return "the daemon at " + at + " rejected the request: "
                        + (reply.detail().isBlank() ? "(no reason given)" : Escaper.forDisplay(reply.detail()));
            default:
                throw new IllegalStateException(reply.toString());
        }
    }
}
