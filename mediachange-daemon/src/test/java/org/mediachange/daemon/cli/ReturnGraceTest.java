package org.mediachange.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.requests.BoardStorage;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.requests.SavedBoard;
import org.mediachange.daemon.requests.WaitingRequest;
import org.mediachange.daemon.testing.AuditCapture;

/**
 * The requests that waited when the daemon stopped, and whose clients do not
 * come back (the original Perl client and nc never do): after the grace
 * period each ends as withdrawn, with one audit line saying it outlived a
 * restart; one whose client came back is not touched.
 */
@Timeout(30)
class ReturnGraceTest {

    @RegisterExtension
    final AuditCapture audit = new AuditCapture();

    @Test
    void requestsWhoseClientsDoNotComeBackEndWithOneAuditLineEach() throws Exception {
        Instant received = Instant.now().minusSeconds(7200);
        SavedBoard saved = new SavedBoard(List.of(
                new WaitingRequest(new RequestInfo(41, received, "192.0.2.7", "perlhost", "from the Perl client"), 51000,
                        Set.of()),
                new WaitingRequest(new RequestInfo(42, received, "2001:db8::7", "nchost", "from nc"), 51001, Set.of()),
                new WaitingRequest(new RequestInfo(43, received, "192.0.2.8", "backup1", "mount volume 4"), 51002,
                        Set.of())), List.of());
        RequestBoard board = new RequestBoard(Clock.systemUTC(), BoardStorage.inMemory(), saved);
        long back = board.open("192.0.2.8", "backup1", "mount volume 4").id();
        assertThat(back).isEqualTo(43);
        try (AuditLog log = new AuditLog(); ReturnGrace grace = ReturnGrace.start(board, log, Duration.ofMillis(300))) {
            List<String> lines = audit.await(2, 10);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).matches("outcome=withdrawn peer=192\\.0\\.2\\.7 port=51000 id=41 host=\"perlhost\""
                    + " seconds=720\\d\\.\\d{3} restarts=1 msg=\"from the Perl client\"");
            assertThat(lines.get(1)).startsWith("outcome=withdrawn peer=2001:db8::7 port=51001 id=42 ")
                    .endsWith(" restarts=1 msg=\"from nc\"");
        }
        assertThat(board.view().recent()).extracting(c -> c.id()).containsExactly(41L, 42L);
        assertThat(board.view().pending()).extracting(RequestInfo::id).containsExactly(43L);
        Thread.sleep(200);
        assertThat(audit.lines()).hasSize(2);
    }

    @Test
    void theGraceIsTenMinutesFromTheStart() {
        assertThat(ReturnGrace.GRACE).isEqualTo(Duration.ofMinutes(10));
    }
}
