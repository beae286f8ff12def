package org.mediachange.daemon.web.links;

import org.mediachange.daemon.prompt.Decision;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.requests.Resolution;

/**
 * What the holder of an answer link is told about a request that this link
 * did not answer. A link holder is not an operator: the text names no one
 * ("by an operator"), only the surface ("on the console dialog", "through its
 * other link").
 */
final class LinkTexts {

    /** The page of a link that answered already. */
    static final String USED = "this answer link has been used already";

    private LinkTexts() {
    }

    /**
     * "this link was not used: request 12 was already answered Cancel through its
     * other link", for the {@code link} link of request {@code id}, which
     * {@code how} ended.
     */
    static String notUsed(long id, Decision link, Resolution how) {
        return "this link was not used: " + ended(id, link, how);
    }

    /** As {@link #notUsed} when what ended request {@code id} is no longer known. */
    static String notUsed(long id) {
        return "this link was not used: request " + id + " has ended";
    }

    private static String ended(long id, Decision link, Resolution how) {
        if (!how.answered()) {
            return RequestBoard.describe(id, how); // timed out, withdrawn, ...: no one to name
        }
        Decision given = how.kind() == Resolution.Kind.OK ? Decision.OK : Decision.CANCEL;
        return "request " + id + " was already answered " + (given == Decision.OK ? "Ok" : "Cancel") + " "
                + by(how.by(), given != link);
    }

    private static String by(String by, boolean otherAnswer) {
        if (Resolution.BY_DIALOG.equals(by)) {
            return "on the console dialog";
        }
        if (AnswerLinks.BY.equals(by)) {
            // The other answer through a link can only be this request's other link.
            return otherAnswer ? "through its other link" : "through an answer link";
        }
        return "by an operator";
    }
}
