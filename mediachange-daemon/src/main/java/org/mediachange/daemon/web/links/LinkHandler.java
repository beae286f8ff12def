package org.mediachange.daemon.web.links;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.mediachange.daemon.model.AnswerResult;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.requests.ClosedRequest;
import org.mediachange.daemon.requests.PendingRequest;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.web.auth.FailureThrottle;
import org.mediachange.daemon.web.auth.GuessLimits;
import org.mediachange.daemon.web.auth.SourceKey;
import org.mediachange.daemon.web.http.ApiJson;
import org.mediachange.daemon.web.http.Http;
import org.mediachange.daemon.web.http.StaticResources;
import org.mediachange.daemon.web.log.WebLog;

/**
 * The answer links, public (the token is the credential) but behind every
 * other filter of the console:
 * <ul>
 * <li>{@code GET /a/TOKEN}: the confirmation page (static, from the jar; its
 * script fetches the details and shows them as text). Never answers: mail
 * scanners and link previews open links by themselves. 200, or 404/410 for a
 * link that does not work (the page then says why).</li>
 * <li>{@code GET /a/TOKEN/info}: the request and the answer the link gives,
 * as JSON; 404 or 410 with {@code {"error": ...}}.</li>
 * <li>{@code POST /a/TOKEN} (with {@code X-Requested-By: mediachange}, as for
 * every POST): answers, once. From the page's button, or directly from a
 * notification service's action button.</li>
 * </ul>
 * Unknown tokens count as failures of the source address; past
 * {@value #FREE_FAILURES} in a row it must wait ({@link FailureThrottle}: 429
 * with {@code Retry-After}), even with a right token. Logs name links by
 * their fingerprint only.
 */
public final class LinkHandler implements HttpHandler {

    private static final WebLog LOG = WebLog.of(LinkHandler.class);

    /**
     * Unknown links from one address before it is slowed down. More than for
     * passwords: opening one wrong link costs two (the page and its details),
     * and 128-bit tokens make guessing hopeless anyway; the wait stops scans.
     */
    static final int FREE_FAILURES = 10;
    static final String UNKNOWN = "there is no such answer link: it may be mistyped or cut short, or its request"
            + " ended long ago or before the daemon restarted";

    /** {@code GET /a/TOKEN/info}: the request and the answer this link gives. */
    record Details(long id, String answer, String received, String now, String peer, String host, String message) {
    }

    /** {@code POST /a/TOKEN}: answered. */
    record Answered(long id, String answer, String message) {
    }

    private final LinkRegistry registry;
    private final RequestBoard board;
    private final Clock clock;
    private final int maxBody;
    private final byte[] page = StaticResources.read("link.html");
    private final FailureThrottle<SourceKey> throttle = new FailureThrottle<>(FREE_FAILURES);
    private final GuessLimits sources;

    /**
     * Serves the links of {@code links} for the requests on {@code board}; counts unknown links per
     * source as {@code sources} says (IPv6 per network, loopback as one).
     */
    public LinkHandler(AnswerLinks links, RequestBoard board, Clock clock, int maxBody, GuessLimits sources) {
        this.registry = links.registry();
        this.board = board;
        this.clock = clock;
        this.maxBody = maxBody;
        this.sources = sources;
    }

    /** A response: status and JSON body; the page gets the status and shows the body its script fetches. */
    private record Reply(int status, Object body) {
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String rest = Http.path(ex).substring(LinkToken.PATH.length());
        boolean info = rest.endsWith(LinkToken.INFO);
        String token = info ? rest.substring(0, rest.length() - LinkToken.INFO.length()) : rest;
        String method = ex.getRequestMethod();
        boolean post = "POST".equals(method);
        if (!"GET".equals(method) && !"HEAD".equals(method) && !(post && !info)) {
            Http.methodNotAllowed(ex, info ? "GET, HEAD" : "GET, HEAD, POST");
            return;
        }
        if (post) {
            Http.readBody(ex, maxBody); // ignored: the token alone says what to answer
        }
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Robots-Tag", "noindex, nofollow");
        InetAddress source = ex.getRemoteAddress().getAddress();
        String fp = LinkToken.fingerprint(token);
        Reply reply;
        SourceKey key = SourceKey.of(source, sources);
        long wait = throttle.waitSeconds(key, System.nanoTime());
        if (wait > 0) {
            LOG.warn("web console: answer link #{} from {} refused unchecked: too many unknown links from there,"
                    + " {} s to wait", fp, source.getHostAddress(), wait);
            ex.getResponseHeaders().set("Retry-After", Long.toString(wait));
            reply = new Reply(429, new ApiJson.Problem("too many unknown links from this address: try again in "
                    + wait + " s"));
        } else {
            LinkRegistry.Found found = post ? registry.claim(token) : registry.find(token);
            if (found instanceof LinkRegistry.Unknown) {
                int failures = throttle.failed(key, System.nanoTime());
                LOG.warn("web console: unknown answer link #{} from {} ({} failure(s) in a row from there)", fp,
                        source.getHostAddress(), failures);
                reply = new Reply(404, new ApiJson.Problem(UNKNOWN));
            } else {
                reply = post ? answer(found, token, fp, source) : look(found, fp, source);
            }
        }
        if (!post && !info) {
            Http.send(ex, reply.status(), "text/html; charset=utf-8", page);
        } else {
            Http.sendJson(ex, reply.status(), reply.body());
        }
    }

    private Reply look(LinkRegistry.Found found, String fp, InetAddress source) {
        if (found instanceof LinkRegistry.Live l) {
            LOG.debug("web console: answer link #{} (request {} {}) opened from {}", fp, l.id(), word(l.decision()),
                    source.getHostAddress());
            Optional<PendingRequest> p = board.pending(l.id());
            if (p.isEmpty() || p.get().ending().isPresent()) {
                return notUsed(l);
            }
            RequestInfo r = p.get().info();
            return new Reply(200, new Details(r.id(), word(l.decision()), r.received().toString(),
                    clock.instant().toString(), r.peer(), r.host(), r.message()));
        }
        return gone(found);
    }

    private Reply answer(LinkRegistry.Found found, String token, String fp, InetAddress source) {
        if (!(found instanceof LinkRegistry.Live l)) {
            LOG.info("web console: answer link #{} from {} refused: {}", fp, source.getHostAddress(),
                    found instanceof LinkRegistry.Used ? "used already" : "its request has ended");
            return gone(found);
        }
        AnswerResult r = board.answer(l.id(), l.decision(), Answerer.LINK);
        if (r.status() == AnswerResult.Status.ANSWERED) {
            LOG.info("web console: request {} answered {} through answer link #{} from {}", l.id(),
                    word(l.decision()), fp, source.getHostAddress());
            return new Reply(200, new Answered(l.id(), word(l.decision()), r.message()));
        }
        // Lost the race: something else ended the request first. The link answered nothing.
        LOG.info("web console: answer link #{} from {} came too late: {}", fp, source.getHostAddress(), r.message());
        Optional<Ending> how = ending(l.id());
        how.ifPresent(h -> registry.notUsed(token, h));
        return new Reply(410, new ApiJson.Problem(how.map(h -> LinkTexts.notUsed(l.id(), l.decision(), h))
                .orElseGet(() -> LinkTexts.notUsed(l.id()))));
    }

    /** What ended request {@code id}, while the board still knows. */
    private Optional<Ending> ending(long id) {
        Optional<Ending> pending = board.pending(id).flatMap(PendingRequest::ending);
        if (pending.isPresent()) {
            return pending;
        }
        return board.view().recent().stream().filter(c -> c.id() == id).map(ClosedRequest::ending).findFirst();
    }

    private Reply notUsed(LinkRegistry.Live l) {
        return new Reply(410, new ApiJson.Problem(ending(l.id()).map(h -> LinkTexts.notUsed(l.id(), l.decision(), h))
                .orElseGet(() -> LinkTexts.notUsed(l.id()))));
    }

    private static Reply gone(LinkRegistry.Found found) {
        String why = found instanceof LinkRegistry.Ended e ? LinkTexts.notUsed(e.id(), e.decision(), e.how())
                : LinkTexts.USED;
        return new Reply(410, new ApiJson.Problem(why));
    }

    private static String word(Decision d) {
        return d.name().toLowerCase(Locale.ROOT);
    }
}
