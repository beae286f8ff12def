package org.mediachange.client;

import org.mediachange.common.protocol.Reply;
import org.mediachange.common.text.Escaper;

/** The one-line explanations the client prints on stderr. */
final class Messages {

    private Messages() {
    }

    /** Why {@code outcome} is not Ok or Cancel, naming the daemon; {@code null} for Ok and Cancel. */
    static String problem(Outcome outcome, ClientRequest request) {
        String at = request.target();
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
