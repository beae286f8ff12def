package org.mediachange.daemon.web.links;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.notify.AnswerUrls;
import org.mediachange.daemon.requests.ClosedRequest;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.requests.RequestEvent;
import org.mediachange.daemon.web.log.WebLog;

/**
 * The answer links of pending requests, for notifications: with the web
 * console on and {@code --web-url} given, every pending request has an OK
 * link and a Cancel link ({@code <web-url>/a/<token>}), unguessable, bound to
 * that request and that answer, working only while it is pending, usable
 * once (docs/WEB.md, "Answer links"). Opening one shows a confirmation page;
 * only the POST from that page, or from a notification service's action
 * button, answers ({@link LinkHandler}).
 *
 * <p>A request's links are made when first asked for, and forgotten when it
 * ends. The keys of their tokens (never the tokens) are left on the request
 * as marks, which the board saves: after a restart, the links of a request
 * whose client sent it again work again, and those of a request that ended
 * tell what became of it. The URLs are secrets: show them to the operator (in a notification),
 * never in a log (name one by {@link LinkToken#fingerprint} if needed).
 * Thread-safe; may be called from a {@link RequestBoard} listener.
 */
public final class AnswerLinks implements AnswerUrls, AutoCloseable {

    private static final WebLog LOG = WebLog.of(AnswerLinks.class);
    private static final String MARK = "link:";

    private final URI base;
    private final RequestBoard board;
    private final LinkRegistry registry = new LinkRegistry(new SecureRandom());
    private final RequestBoard.Subscription subscription;

    private AnswerLinks(URI base, RequestBoard board) {
        this.base = base;
        this.board = board;
        this.subscription = base == null ? null : board.subscribe(this::onEvent);
        if (subscription != null) {
            // Links made before a restart, of requests that have ended since: they say what became of them.
            for (ClosedRequest c : subscription.view().recent()) {
                rememberEnded(c);
            }
        }
    }

    /**
     * Links below {@code webUrl} (as {@link org.mediachange.daemon.web.WebUrl#parse} returns it: with a
     * trailing slash) for the requests on {@code board}; none at all when {@code webUrl} is null (no
     * {@code --web-url}). Close to stop following the board.
     */
    public static AnswerLinks on(URI webUrl, RequestBoard board) {
        return new AnswerLinks(webUrl, board);
    }

    /** The web console's address as operators reach it ({@code --web-url}), if given. */
    @Override
    public Optional<String> consoleUrl() {
        return Optional.ofNullable(base).map(URI::toString);
    }

    /** The link that answers OK to request {@code id}; empty without {@code --web-url} or if it is not pending. */
    @Override
    public Optional<String> okUrl(long id) {
        return url(id, Decision.OK);
    }

    /** The link that answers Cancel to request {@code id}; empty without {@code --web-url} or if it is not pending. */
    @Override
    public Optional<String> cancelUrl(long id) {
        return url(id, Decision.CANCEL);
    }

    private Optional<String> url(long id, Decision decision) {
        return pair(id).map(p -> base + LinkToken.PATH.substring(1) + p.token(decision));
    }

    private Optional<LinkRegistry.Pair> pair(long id) {
        if (base == null) {
            return Optional.empty();
        }
        Optional<LinkRegistry.Pair> known = registry.pair(id);
        if (known.isPresent()) {
            return known;
        }
        if (board.pending(id).isEmpty()) {
            return Optional.empty();
        }
        LinkRegistry.Pair made = registry.issue(id);
        for (Decision d : Decision.values()) {
            board.mark(id, mark(d, LinkToken.key(made.token(d)).orElseThrow()));
        }
        // The request may have ended between the look and the making; its end event then
        // found nothing to retire, so these links must not outlive it.
        if (board.pending(id).isEmpty()) {
            registry.drop(id);
            return Optional.empty();
        }
        LOG.debug("answer links for request {}: ok #{}, cancel #{}", id, LinkToken.fingerprint(made.ok()),
                LinkToken.fingerprint(made.cancel()));
        return Optional.of(made);
    }

    /** On the board's thread, under its lock: only the registry, which never calls out. */
    private void onEvent(RequestEvent e) {
        if (e instanceof RequestEvent.Opened o) {
            // Sent again after a restart: its links made before work again.
            for (String m : o.marks()) {
                parseMark(m).ifPresent(l -> registry.restore(o.id(), l.decision(), l.key()));
            }
        } else if (e instanceof RequestEvent.Closed c) {
            registry.retire(c.id(), c.request().ending());
            rememberEnded(c.request());
        }
    }

    private void rememberEnded(ClosedRequest c) {
        for (String m : c.marks()) {
            parseMark(m).ifPresent(l -> registry.rememberEnded(c.id(), l.decision(), l.key(), c.ending()));
        }
    }

    /** A link as its request's mark holds it: which answer, and its token's key. */
    private record Marked(Decision decision, String key) {
    }

    /** The mark a link leaves on its request: {@code link:ok:KEY} or {@code link:cancel:KEY}. */
    static String mark(Decision d, String key) {
        return MARK + d.name().toLowerCase(Locale.ROOT) + ":" + key;
    }

    private static Optional<Marked> parseMark(String mark) {
        if (!mark.startsWith(MARK)) {
            return Optional.empty();
        }
        String rest = mark.substring(MARK.length());
        for (Decision d : Decision.values()) {
            String prefix = d.name().toLowerCase(Locale.ROOT) + ":";
            if (rest.startsWith(prefix) && rest.length() > prefix.length()) {
                return Optional.of(new Marked(d, rest.substring(prefix.length())));
            }
        }
        return Optional.empty();
    }

    /** The links, for {@link LinkHandler}. */
    LinkRegistry registry() {
        return registry;
    }

    /** How many links work now (two per pending request that has links). */
    public int liveCount() {
        return registry.liveCount();
    }

    /** Stops following the board. */
    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
