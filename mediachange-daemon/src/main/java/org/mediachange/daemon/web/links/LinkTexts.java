package org.mediachange.daemon.web.links;

import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;

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
    static String notUsed(long id, Decision link, Ending how) {
        return "this link was not used: " + ended(id, link, how);
    }

    /** As {@link #notUsed} when what ended request {@code id} is no longer known. */
    static String notUsed(long id) {
        return "this link was not used: request " + id + " has ended";
    }

    private static String ended(long id, Decision link, Ending how) {
        if (!(how instanceof Ending.Answered a)) {
            return how.describe(id); // timed out, withdrawn, ...: no one to name
        }
        return "request " + id + " was already answered " + a.decision().word() + " "
                + by(a.answerer(), a.decision() != link);
    }

    private static String by(Answerer answerer, boolean otherAnswer) {
        if (answerer instanceof Answerer.WebOperator) {
            return "by an operator";
        }
        if (answerer instanceof Answerer.Link && otherAnswer) {
            // The other answer through a link can only be this request's other link.
            return "through its other link";
        }
        return answerer.text(); // "on the console dialog", "through an answer link"
    }
}
