package org.mediachange.daemon.web.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.requests.BoardStorage;
import org.mediachange.daemon.requests.PendingRequest;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.requests.RequestEvent;
import org.mediachange.daemon.web.WebUrl;

/** The links notifications get: one per answer while a request is pending, none without --web-url. */
class AnswerLinksTest {

    private static final URI BASE = WebUrl.parse("https://console.example.org:8443");
    private static final String LINK = "https://console\\.example\\.org:8443/a/[A-Za-z0-9_-]{22}";

    private final RequestBoard board = new RequestBoard();

    @Test
    void aPendingRequestHasAnOkLinkAndADifferentCancelLinkThatStayTheSame() {
        try (AnswerLinks links = AnswerLinks.on(BASE, board)) {
            PendingRequest r = board.open("192.0.2.5", "backup1", "mount volume 3");
            String ok = links.okUrl(r.id()).orElseThrow();
            String cancel = links.cancelUrl(r.id()).orElseThrow();
            assertThat(ok).matches(LINK);
            assertThat(cancel).matches(LINK).isNotEqualTo(ok);
            assertThat(links.okUrl(r.id())).contains(ok);
            assertThat(links.cancelUrl(r.id())).contains(cancel);
            assertThat(links.consoleUrl()).contains("https://console.example.org:8443/");
            assertThat(links.liveCount()).isEqualTo(2);

            PendingRequest other = board.open("192.0.2.5", "backup1", "mount volume 4");
            assertThat(links.okUrl(other.id())).hasValueSatisfying(u -> assertThat(u).isNotIn(ok, cancel));
        }
    }

    @Test
    void linksFollowThePathOfTheWebUrl() {
        try (AnswerLinks links = AnswerLinks.on(WebUrl.parse("https://example.org/mediachange"), board)) {
            PendingRequest r = board.open("192.0.2.5", "backup1", "m");
            assertThat(links.okUrl(r.id())).hasValueSatisfying(u -> assertThat(u).matches(
                    "https://example\\.org/mediachange/a/[A-Za-z0-9_-]{22}"));
        }
    }

    @Test
    void noLinksForARequestThatIsNotPendingAndNoneLeftWhenItEnds() {
        try (AnswerLinks links = AnswerLinks.on(BASE, board)) {
            assertThat(links.okUrl(99)).isEmpty();
            PendingRequest r = board.open("192.0.2.5", "backup1", "m");
            String ok = links.okUrl(r.id()).orElseThrow();
            r.resolve(Ending.answered(Decision.CANCEL, Answerer.operator("alice")));
            board.close(r, r.ending().orElseThrow(), true);
            assertThat(links.okUrl(r.id())).isEmpty();
            assertThat(links.cancelUrl(r.id())).isEmpty();
            assertThat(links.liveCount()).isZero();
            String token = ok.substring(ok.lastIndexOf('/') + 1);
            assertThat(links.registry().find(token)).isEqualTo(new LinkRegistry.Ended(r.id(), Decision.OK,
                    Ending.answered(Decision.CANCEL, Answerer.operator("alice"))));
        }
    }

    @Test
    void withoutAWebUrlThereAreNoLinks() {
        AnswerLinks links = AnswerLinks.on(null, board);
        PendingRequest r = board.open("192.0.2.5", "backup1", "m");
        assertThat(links.consoleUrl()).isEmpty();
        assertThat(links.okUrl(r.id())).isEmpty();
        assertThat(links.cancelUrl(r.id())).isEmpty();
    }

    /** A notification listener runs on the board's event, here before the links have heard of the request. */
    @Test
    void theLinksAreThereWhenAListenerOfTheOpenedEventAsksForThem() {
        AtomicReference<AnswerLinks> ref = new AtomicReference<>();
        List<Optional<String>> seen = new ArrayList<>();
        try (RequestBoard.Subscription notifier = board.subscribe(e -> {
            if (e instanceof RequestEvent.Opened o) {
                seen.add(ref.get().okUrl(o.id()));
                seen.add(ref.get().cancelUrl(o.id()));
            }
        }); AnswerLinks links = AnswerLinks.on(BASE, board)) {
            ref.set(links);
            PendingRequest r = board.open("192.0.2.5", "backup1", "m");
            assertThat(seen).containsExactly(links.okUrl(r.id()), links.cancelUrl(r.id()));
            assertThat(seen).allSatisfy(u -> assertThat(u).isPresent());
        }
    }

    @Test
    void aTokenIsUsedOnceAndBoundToItsAnswer() {
        try (AnswerLinks links = AnswerLinks.on(BASE, board)) {
            PendingRequest r = board.open("192.0.2.5", "backup1", "m");
            String ok = token(links.okUrl(r.id()).orElseThrow());
            String cancel = token(links.cancelUrl(r.id()).orElseThrow());
            LinkRegistry reg = links.registry();
            assertThat(reg.find(ok)).isEqualTo(new LinkRegistry.Live(r.id(), Decision.OK));
            assertThat(reg.find(cancel)).isEqualTo(new LinkRegistry.Live(r.id(), Decision.CANCEL));
            assertThat(reg.claim(ok)).isEqualTo(new LinkRegistry.Live(r.id(), Decision.OK));
            assertThat(reg.claim(ok)).isEqualTo(new LinkRegistry.Used(r.id(), Decision.OK));
            assertThat(reg.find(ok)).isEqualTo(new LinkRegistry.Used(r.id(), Decision.OK));
            r.resolve(Ending.answered(Decision.OK, Answerer.LINK));
            board.close(r, r.ending().orElseThrow(), true);
            assertThat(reg.claim(ok)).isEqualTo(new LinkRegistry.Used(r.id(), Decision.OK));
            assertThat(reg.claim(cancel)).isEqualTo(new LinkRegistry.Ended(r.id(), Decision.CANCEL,
                    Ending.answered(Decision.OK, Answerer.LINK)));
            assertThat(reg.find(ok.substring(0, 21) + (ok.endsWith("A") ? "B" : "A")))
                    .isEqualTo(new LinkRegistry.Unknown());
        }
    }

    @Test
    void endedLinksAreRememberedOnlyForTheLastRequests() {
        try (AnswerLinks links = AnswerLinks.on(BASE, board)) {
            int requests = LinkRegistry.ENDED_REMEMBERED / 2 + 1;
            String first = null;
            String last = null;
            for (int i = 0; i < requests; i++) {
                PendingRequest r = board.open("192.0.2.5", "backup1", "m");
                last = token(links.okUrl(r.id()).orElseThrow());
                first = first == null ? last : first;
                r.resolve(Ending.WITHDRAWN);
                board.close(r, r.ending().orElseThrow(), true);
            }
            assertThat(links.registry().find(first)).isEqualTo(new LinkRegistry.Unknown());
            assertThat(links.registry().find(last)).isInstanceOf(LinkRegistry.Ended.class);
        }
    }

    /** The next run of the daemon: a board started from what {@code before} saved. */
    private static RequestBoard restarted(RequestBoard before) {
        return new RequestBoard(java.time.Clock.systemUTC(), BoardStorage.inMemory(), before.saved());
    }

    @Test
    void afterARestartTheLinksOfARequestSentAgainWorkAndThoseOfAnEndedOneSayWhatBecameOfIt() {
        String waitingOk;
        String waitingCancel;
        String endedOk;
        long waitingId;
        long endedId;
        try (AnswerLinks links = AnswerLinks.on(BASE, board)) {
            PendingRequest waiting = board.open("192.0.2.5", "backup1", "mount volume 3");
            waitingId = waiting.id();
            waitingOk = token(links.okUrl(waitingId).orElseThrow());
            waitingCancel = token(links.cancelUrl(waitingId).orElseThrow());
            PendingRequest ended = board.open("192.0.2.6", "backup2", "mount volume 9");
            endedId = ended.id();
            endedOk = token(links.okUrl(endedId).orElseThrow());
            ended.resolve(Ending.answered(Decision.OK, Answerer.operator("alice")));
            board.close(ended, ended.ending().orElseThrow(), true);
        }
        assertThat(board.saved().waiting()).singleElement().satisfies(w -> assertThat(w.marks())
                .as("only the keys of the tokens are saved, never the tokens")
                .hasSize(2).allMatch(m -> m.matches("link:(ok|cancel):[0-9a-f]{64}"))
                .noneMatch(m -> m.contains(waitingOk) || m.contains(waitingCancel)));

        RequestBoard after = restarted(board);
        try (AnswerLinks links = AnswerLinks.on(BASE, after)) {
            LinkRegistry reg = links.registry();
            assertThat(reg.find(endedOk)).isEqualTo(new LinkRegistry.Ended(endedId, Decision.OK,
                    Ending.answered(Decision.OK, Answerer.operator("alice"))));
            assertThat(reg.find(waitingOk)).as("before its client is back").isEqualTo(new LinkRegistry.Unknown());
            PendingRequest back = after.open("192.0.2.5", "backup1", "mount volume 3");
            assertThat(back.id()).isEqualTo(waitingId);
            assertThat(reg.find(waitingOk)).isEqualTo(new LinkRegistry.Live(waitingId, Decision.OK));
            assertThat(reg.claim(waitingCancel)).isEqualTo(new LinkRegistry.Live(waitingId, Decision.CANCEL));
            assertThat(after.answer(waitingId, Decision.CANCEL, Answerer.LINK).status())
                    .isEqualTo(org.mediachange.daemon.model.AnswerResult.Status.ANSWERED);
            after.close(back, back.ending().orElseThrow(), true);
            assertThat(reg.find(waitingOk)).isEqualTo(new LinkRegistry.Ended(waitingId, Decision.OK,
                    Ending.answered(Decision.CANCEL, Answerer.LINK)));
            assertThat(reg.find(waitingCancel)).as("the link restored and used")
                    .isEqualTo(new LinkRegistry.Used(waitingId, Decision.CANCEL));
        }

        // A request whose client never came back: its links say so after the grace period.
        RequestBoard third = restarted(restarted(board));
        try (AnswerLinks links = AnswerLinks.on(BASE, third)) {
            third.endReturning();
            assertThat(links.registry().find(waitingOk)).isEqualTo(new LinkRegistry.Ended(waitingId, Decision.OK,
                    Ending.WITHDRAWN));
        }
    }

    @Test
    void afterARestartALinkThatAnsweredSaysItWasUsedAndItsOtherLinkThatItWasNot() {
        String ok;
        String cancel;
        long id;
        try (AnswerLinks links = AnswerLinks.on(BASE, board)) {
            PendingRequest r = board.open("192.0.2.5", "backup1", "mount volume 3");
            id = r.id();
            ok = token(links.okUrl(id).orElseThrow());
            cancel = token(links.cancelUrl(id).orElseThrow());
            assertThat(links.registry().claim(ok)).isEqualTo(new LinkRegistry.Live(id, Decision.OK));
            board.answer(id, Decision.OK, Answerer.LINK);
            board.close(r, r.ending().orElseThrow(), true);
        }
        try (AnswerLinks links = AnswerLinks.on(BASE, restarted(board))) {
            assertThat(links.registry().find(ok)).isEqualTo(new LinkRegistry.Used(id, Decision.OK));
            LinkRegistry.Found other = links.registry().find(cancel);
            assertThat(other).isEqualTo(new LinkRegistry.Ended(id, Decision.CANCEL,
                    Ending.answered(Decision.OK, Answerer.LINK)));
            LinkRegistry.Ended e = (LinkRegistry.Ended) other;
            assertThat(LinkTexts.notUsed(e.id(), e.decision(), e.how())).isEqualTo("this link was not used: request "
                    + id + " was already answered Ok through its other link");
        }
    }

    private static String token(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
