package org.mediachange.daemon.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mediachange.daemon.model.AnswerResult;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestInfo;

/** The board: ids, the first answer wins, what a late answer is told, the history, events. */
class RequestBoardTest {

    private final RequestBoard board = new RequestBoard(Clock.fixed(Instant.parse("2026-11-30T01:02:03Z"),
            ZoneOffset.UTC));

    @Test
    void requestsGetIncreasingIdsAndTheirArrivalTime() {
        PendingRequest a = board.open("192.168.1.5", "backup1", "mount volume 3");
        PendingRequest b = board.open("192.168.1.6", "backup2", "mount volume 4");
        assertThat(a.id()).isEqualTo(1);
        assertThat(b.id()).isEqualTo(2);
        assertThat(a.info().received()).isEqualTo(Instant.parse("2026-11-30T01:02:03Z"));
        assertThat(board.view().pending()).extracting(RequestInfo::id).containsExactly(1L, 2L);
    }

    @Test
    void theFirstAnswerWinsAndALaterOneIsToldWhatHappened() {
        PendingRequest r = board.open("192.168.1.5", "backup1", "mount volume 3");
        assertThat(board.answer(r.id(), Decision.OK, Answerer.operator("alice")).status())
                .isEqualTo(AnswerResult.Status.ANSWERED);
        assertThat(r.ending()).contains(Ending.answered(Decision.OK, Answerer.operator("alice")));

        AnswerResult late = board.answer(r.id(), Decision.CANCEL, Answerer.DIALOG);
        assertThat(late.status()).isEqualTo(AnswerResult.Status.TOO_LATE);
        assertThat(late.message()).isEqualTo("request 1 was already answered Ok by alice");

        // Still told after the request left the pending list.
        board.close(r, r.ending().orElseThrow(), true);
        assertThat(board.answer(r.id(), Decision.CANCEL, Answerer.operator("bob")).message())
                .isEqualTo("request 1 was already answered Ok by alice");
    }

    @Test
    void lateAnswersAreToldHowTheRequestEnded() {
        assertThat(endedBy(Ending.WITHDRAWN))
                .isEqualTo("request 1 was withdrawn by its client");
        assertThat(endedBy(Ending.TIMED_OUT))
                .isEqualTo("request 1 timed out: nobody answered in time");
        assertThat(endedBy(Ending.answered(Decision.CANCEL, Answerer.DIALOG)))
                .isEqualTo("request 1 was already answered Cancel on the console dialog");
    }

    private String endedBy(Ending how) {
        RequestBoard fresh = new RequestBoard();
        PendingRequest r = fresh.open("::1", "localhost", "m");
        r.resolve(how);
        return fresh.answer(r.id(), Decision.OK, Answerer.operator("alice")).message();
    }

    @Test
    void unknownRequestsAreUnknown() {
        AnswerResult r = board.answer(42, Decision.OK, Answerer.operator("alice"));
        assertThat(r.status()).isEqualTo(AnswerResult.Status.UNKNOWN);
        assertThat(r.message()).isEqualTo("there is no request 42");
    }

    @Test
    void theHistoryKeepsTheLast200WithShortenedMessages() {
        for (int i = 0; i < RequestBoard.RECENT + 5; i++) {
            PendingRequest r = board.open("10.0.0.1", "h", "x".repeat(RequestBoard.RECENT_MESSAGE_CHARS + 10));
            r.resolve(Ending.TIMED_OUT);
            board.close(r, r.ending().orElseThrow(), true);
        }
        List<ClosedRequest> recent = board.view().recent();
        assertThat(recent).hasSize(RequestBoard.RECENT);
        assertThat(recent.get(0).id()).isEqualTo(6);
        assertThat(recent.get(RequestBoard.RECENT - 1).id()).isEqualTo(RequestBoard.RECENT + 5);
        assertThat(recent.get(0).info().message()).hasSize(RequestBoard.RECENT_MESSAGE_CHARS);
        assertThat(board.view().pending()).isEmpty();
        assertThat(board.answer(1, Decision.OK, Answerer.operator("alice")).status())
                .isEqualTo(AnswerResult.Status.UNKNOWN);
    }

    @Test
    void aShortenedMessageNeverEndsInHalfACharacter() {
        // An emoji is two chars (a surrogate pair): cutting between them would leave a lone high
        // surrogate, shown as '?' in the page and in mediachangectl.
        String message = "x".repeat(RequestBoard.RECENT_MESSAGE_CHARS - 1) + "\uD83D\uDCFC and more";
        PendingRequest r = board.open("10.0.0.1", "h", message);
        r.resolve(Ending.TIMED_OUT);
        board.close(r, r.ending().orElseThrow(), true);
        String kept = board.view().recent().get(0).info().message();
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1)))
                .as("ends in a lone high surrogate").isFalse();
        assertThat(kept).isEqualTo("x".repeat(RequestBoard.RECENT_MESSAGE_CHARS - 1));
    }

    @Test
    void subscribersGetTheViewAndEveryLaterEventOnce() {
        PendingRequest before = board.open("10.0.0.1", "h", "before");
        List<RequestEvent> events = new ArrayList<>();
        try (RequestBoard.Subscription s = board.subscribe(events::add)) {
            assertThat(s.view().pending()).extracting(RequestInfo::id).containsExactly(before.id());
            PendingRequest after = board.open("10.0.0.2", "h2", "after");
            before.resolve(Ending.WITHDRAWN);
            board.close(before, before.ending().orElseThrow(), true);
            board.close(before, before.ending().orElseThrow(), true); // a second close is ignored
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).isEqualTo(new RequestEvent.Opened(after.info()));
            assertThat(events.get(1)).isInstanceOfSatisfying(RequestEvent.Closed.class,
                    c -> assertThat(c.request().outcome()).isEqualTo("withdrawn"));
        }
        board.open("10.0.0.3", "h3", "unsubscribed");
        assertThat(events).hasSize(2);
    }

    @Test
    void aFailingListenerDoesNotStopTheBoardOrOtherListeners() {
        List<RequestEvent> events = new ArrayList<>();
        board.subscribe(e -> {
            throw new IllegalStateException("broken listener");
        });
        board.subscribe(events::add);
        PendingRequest r = board.open("10.0.0.1", "h", "m");
        assertThat(events).hasSize(1);
        assertThat(board.view().pending()).extracting(RequestInfo::id).containsExactly(r.id());
    }

    @Test
    void aStartedBoardKeepsTheRecentOnesAndGivesWaitingOnesBackToTheSameAddressAndMessage() {
        PendingRequest a = board.open("192.168.1.5", 41000, "backup1", "mount volume 3");
        board.mark(a.id(), "notified:1");
        PendingRequest done = board.open("192.168.1.5", "backup1", "done");
        board.end(done.id(), Ending.TIMED_OUT);
        board.close(done, Ending.TIMED_OUT, true);
        SavedBoard saved = board.saved();
        assertThat(saved.waiting()).singleElement().satisfies(w -> {
            assertThat(w.port()).isEqualTo(41000);
            assertThat(w.marks()).containsExactly("notified:1");
        });

        Clock later = Clock.fixed(Instant.parse("2026-11-30T03:15:00Z"), ZoneOffset.UTC);
        List<RequestEvent> events = new ArrayList<>();
        RequestBoard next = new RequestBoard(later, BoardStorage.inMemory(), saved);
        next.subscribe(events::add);
        assertThat(next.view().pending()).as("not shown before its client is back").isEmpty();
        assertThat(next.view().recent()).extracting(ClosedRequest::id).containsExactly(done.id());
        assertThat(next.answer(a.id(), Decision.OK, Answerer.DIALOG).message()).isEqualTo("request " + a.id()
                + " waits for its client to send it again after the daemon's restart; answer it once it is back");
        // (Ids here come from the test's in-memory storage: a new request is told by its arrival.)
        assertThat(next.open("192.168.1.6", "backup2", "mount volume 3").info().received()).as("another address")
                .isEqualTo(later.instant());
        assertThat(next.open("192.168.1.5", "backup1", "mount volume 4").info().received()).as("another message")
                .isEqualTo(later.instant());
        PendingRequest back = next.open("192.168.1.5", 42000, "backup1.example", "mount volume 3");
        assertThat(back.info()).isEqualTo(new RequestInfo(a.id(), a.info().received(), "192.168.1.5",
                "backup1.example", "mount volume 3", 1));
        assertThat(back.port()).isEqualTo(42000);
        assertThat(events.get(2)).isEqualTo(new RequestEvent.Opened(back.info(), java.util.Set.of("notified:1")));
        assertThat(next.returning()).isEmpty();
    }

    @Test
    void requestsWhoseClientsDoNotComeBackEndWithdrawnAndMoveToTheRecentOnes() {
        board.open("192.168.1.5", 41000, "backup1", "mount volume 3");
        RequestBoard next = new RequestBoard(Clock.systemUTC(), BoardStorage.inMemory(), board.saved());
        List<RequestEvent> events = new ArrayList<>();
        next.subscribe(events::add);
        assertThat(next.endReturning()).singleElement().satisfies(w -> assertThat(w.info().restarts()).isEqualTo(1));
        assertThat(next.view().recent()).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo("withdrawn");
            assertThat(c.info().restarts()).isEqualTo(1);
        });
        assertThat(events).singleElement().isInstanceOf(RequestEvent.Closed.class);
        assertThat(next.endReturning()).isEmpty();
    }
}
