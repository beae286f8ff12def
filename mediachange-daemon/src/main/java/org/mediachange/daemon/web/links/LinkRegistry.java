package org.mediachange.daemon.web.links;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.requests.RequestBoard;

/**
 * The answer links of the pending requests: two tokens per request (OK and
 * Cancel), each found by its {@link LinkToken#key}, each usable once. When a
 * request ends its tokens stop working; the keys of the last ones (never the
 * tokens) are kept a while longer, only to tell someone who opens such a link
 * what became of its request. The tokens are in memory only; their keys are
 * also saved with their requests ({@link AnswerLinks}), so that a link keeps
 * working, or keeps telling what became of its request, after a restart.
 *
 * <p>Thread-safe. Never calls out while holding its lock, so the board's
 * listeners may call it under the board's lock.
 */
final class LinkRegistry {

    /** Tokens of ended requests remembered, to explain rather than say "no such link". */
    static final int ENDED_REMEMBERED = 2 * RequestBoard.RECENT;

    /** The tokens of one pending request. */
    record Pair(String ok, String cancel) {

        String token(Decision d) {
            return d == Decision.OK ? ok : cancel;
        }
    }

    /** What a token leads to. */
    sealed interface Found {
    }

    /** A link of a pending request, not used yet. */
    record Live(long id, Decision decision) implements Found {
    }

    /** A link that was used already. */
    record Used(long id, Decision decision) implements Found {
    }

    /** A link whose request ended otherwise: {@code how}, without this link. */
    record Ended(long id, Decision decision, Ending how) implements Found {
    }

    /** No such link (never made, mistyped, or long forgotten). */
    record Unknown() implements Found {
    }

    private static final class Link {
        final long id;
        final Decision decision;
        boolean used;
        Ending ended;

        Link(long id, Decision decision) {
            this.id = id;
            this.decision = decision;
        }

        Found found() {
            if (used) {
                return new Used(id, decision);
            }
            return ended != null ? new Ended(id, decision, ended) : new Live(id, decision);
        }
    }

    private final SecureRandom random;
    private final Map<Long, Pair> pairs = new HashMap<>();
    private final Map<String, Link> live = new HashMap<>();
    private final Map<String, Link> ended = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Link> eldest) {
            return size() > ENDED_REMEMBERED;
        }
    };

    LinkRegistry(SecureRandom random) {
        this.random = random;
    }

    /** The links of request {@code id}, if made. */
    synchronized Optional<Pair> pair(long id) {
        return Optional.ofNullable(pairs.get(id));
    }

    /** The links of request {@code id}, made now unless they exist. */
    synchronized Pair issue(long id) {
        Pair p = pairs.get(id);
        if (p == null) {
            p = new Pair(LinkToken.create(random), LinkToken.create(random));
            pairs.put(id, p);
            for (Decision d : Decision.values()) {
                live.put(LinkToken.key(p.token(d)).orElseThrow(), new Link(id, d));
            }
        }
        return p;
    }

    /** Forgets the links of request {@code id} without a trace (made for a request that had ended already). */
    synchronized void drop(long id) {
        Pair p = pairs.remove(id);
        if (p != null) {
            for (Decision d : Decision.values()) {
                live.remove(LinkToken.key(p.token(d)).orElseThrow());
            }
        }
    }

    /**
     * Makes the link whose token has the key {@code key} work again for pending request
     * {@code id}: a link made before a restart, of a request its client sent again. Its token
     * is not known (only its key was saved), so it cannot be handed out again.
     */
    synchronized void restore(long id, Decision decision, String key) {
        if (!live.containsKey(key)) {
            ended.remove(key);
            live.put(key, new Link(id, decision));
        }
    }

    /**
     * Remembers the link with the key {@code key} as one of request {@code id}, which ended
     * ({@code how}); for a link made before a restart, unless it is known already. A request
     * answered with this link's answer through a link was answered through this one (it has
     * one link per answer): it was used.
     */
    synchronized void rememberEnded(long id, Decision decision, String key, Ending how) {
        if (!live.containsKey(key) && !ended.containsKey(key)) {
            Link link = new Link(id, decision);
            link.ended = how;
            link.used = how instanceof Ending.Answered a && a.decision() == decision
                    && a.answerer() instanceof Answerer.Link;
            ended.put(key, link);
        }
    }

    /** Request {@code id} ended ({@code how}): its links stop working. */
    synchronized void retire(long id, Ending how) {
        pairs.remove(id);
        for (Iterator<Map.Entry<String, Link>> it = live.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Link> e = it.next();
            Link link = e.getValue();
            if (link.id == id) {
                it.remove();
                if (link.ended == null) {
                    link.ended = how;
                }
                ended.put(e.getKey(), link);
            }
        }
    }

    /** What {@code token} leads to, without using it. */
    synchronized Found find(String token) {
        return link(token).map(Link::found).orElseGet(Unknown::new);
    }

    /**
     * Uses {@code token}: a {@link Live} link is marked used and returned
     * (exactly once, to one caller); anything else is returned as it is.
     */
    synchronized Found claim(String token) {
        Optional<Link> link = link(token);
        if (link.isEmpty()) {
            return new Unknown();
        }
        Found f = link.get().found();
        if (f instanceof Live) {
            link.get().used = true;
        }
        return f;
    }

    /**
     * A link {@link #claim}ed that then answered nothing ({@code how} ended its
     * request first, elsewhere): it was not used, and says so from now on.
     */
    synchronized void notUsed(String token, Ending how) {
        link(token).ifPresent(l -> {
            l.used = false;
            if (l.ended == null) {
                l.ended = how;
            }
        });
    }

    /** How many links work now. */
    synchronized int liveCount() {
        return live.size();
    }

    private Optional<Link> link(String token) {
        return LinkToken.key(token).flatMap(k -> Optional.ofNullable(live.getOrDefault(k, ended.get(k))));
    }
}
