package org.mediachange.daemon.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.requests.PendingRequest;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.testing.LogCapture;

/**
 * The state file across runs of the daemon: ids never repeat (after a stop, a
 * crash, or a lost file), waiting and ended requests come back, a damaged
 * file is set aside in one log line, writes are coalesced and ids reserved on
 * disk before they are handed out. Each "run" is a store and a board on the
 * same directory, as the daemon makes them.
 */
@Timeout(60)
class StateStoreTest {

    private static final Pattern LIMIT = Pattern.compile("\"idLimit\":(\\d+)");

    @TempDir
    Path dir;

    /** A daemon's store and board on {@link #dir}. */
    private record Run(StateStore store, RequestBoard board) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    private Run run(OptionalLong auditLog) throws Exception {
        StateStore.Opened o = StateStore.open(new StateDirectory(dir), Clock.systemUTC(), () -> auditLog);
        RequestBoard board = new RequestBoard(Clock.systemUTC(), o.store(), o.board());
        assertThat(o.store().attach(board::saved)).isEmpty();
        return new Run(o.store(), board);
    }

    private Run run() throws Exception {
        return run(OptionalLong.empty());
    }

    private static long answerAndClose(RequestBoard board, PendingRequest r) {
        board.answer(r.id(), Decision.OK, Answerer.DIALOG);
        board.close(r, r.ending().orElseThrow(), true);
        return r.id();
    }

    @Test
    void idsGoOnAcrossThreeRestartsAndNeverRepeat() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int restart = 0; restart <= 3; restart++) {
            try (Run r = run()) {
                for (int i = 0; i < 3; i++) {
                    ids.add(answerAndClose(r.board(), r.board().open("127.0.0.1", "h", "run " + restart + " #" + i)));
                }
            }
        }
        // A daemon that stopped in order says exactly where ids go on: 1 to 12, no gap, no repeat.
        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        try (Run r = run()) {
            assertThat(r.board().view().recent()).hasSize(12).last()
                    .satisfies(c -> assertThat(c.outcome()).isEqualTo("ok"))
                    .satisfies(c -> assertThat(c.by()).isEqualTo("dialog"));
        }
    }

    @Test
    void afterACrashIdsGoOnAboveTheReservationOnDisk() throws Exception {
        Path crashed = Files.createDirectory(dir.resolve("crashed"));
        long last;
        try (Run r = run()) {
            for (int i = 0; i < 5; i++) {
                answerAndClose(r.board(), r.board().open("127.0.0.1", "h", "m" + i));
            }
            last = r.board().open("127.0.0.1", "h", "pending at the crash").id();
            awaitWritten(r.store(), "pending at the crash");
            // What a crash leaves: the file as the running daemon last wrote it.
            Files.copy(dir.resolve(StateFile.NAME), crashed.resolve(StateFile.NAME));
        }
        StateStore.Opened o = StateStore.open(new StateDirectory(crashed), Clock.systemUTC(), OptionalLong::empty);
        RequestBoard board = new RequestBoard(Clock.systemUTC(), o.store(), o.board());
        o.store().attach(board::saved);
        try {
            assertThat(board.returning()).singleElement().satisfies(w -> {
                assertThat(w.info().id()).isEqualTo(last);
                assertThat(w.info().restarts()).isEqualTo(1);
            });
            assertThat(board.open("127.0.0.1", "h", "new after the crash").id())
                    .isGreaterThanOrEqualTo(last + StateStore.ID_BLOCK / 2);
        } finally {
            o.store().close();
        }
    }

    @Test
    void everyIdHandedOutIsBelowTheReservationAlreadyOnDisk() throws Exception {
        try (Run r = run()) {
            for (int i = 0; i < 3 * StateStore.ID_BLOCK; i++) {
                long id = r.board().open("127.0.0.1", "h", "burst " + i).id();
                assertThat(limitOnDisk()).as("reservation on disk when id %d was handed out", id).isGreaterThan(id);
            }
        }
    }

    @Test
    void aBurstOfOneHundredRequestsIsNotOneHundredWrites() throws Exception {
        try (Run r = run()) {
            long before = r.store().writes();
            List<Thread> handlers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                Thread t = new Thread(() -> r.board().open("127.0.0.1", "h", "burst " + n));
                t.start();
                handlers.add(t);
            }
            for (Thread t : handlers) {
                t.join();
            }
            awaitWritten(r.store(), "burst 99");
            long writes = r.store().writes() - before;
            System.err.printf("StateStoreTest: a burst of 100 requests on 100 threads: %d write(s) of the state%n",
                    writes);
            assertThat(writes).isBetween(1L, 99L);
        }
    }

    @Test
    void aDamagedFileIsSetAsideInOneLogLineAndIdsJumpAboveEveryOneItHeld() throws Exception {
        for (String damage : List.of("truncated", "garbage", "unreadable")) {
            for (Path p : list(dir)) {
                deleteTree(p);
            }
            try (Run r = run()) {
                for (int i = 0; i < 30; i++) {
                    answerAndClose(r.board(), r.board().open("127.0.0.1", "h", "request " + i));
                }
            }
            Path file = dir.resolve(StateFile.NAME);
            byte[] good = Files.readAllBytes(file);
            switch (damage) {
                case "truncated" -> Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
                case "garbage" -> Files.write(file, "\u0000\u00ff not json at all {{{".getBytes(UTF_8));
                default -> {
                    // Unreadable even by root: a directory where the file should be.
                    Files.delete(file);
                    Files.createDirectory(file);
                }
            }
            try (LogCapture log = new LogCapture(StateStore.class.getName()); Run r = run()) {
                assertThat(log.lines()).as(damage).singleElement().asString().startsWith("WARN state file " + file
                        + " is unusable: ").contains("set aside as state.json.").contains(".bad;");
                long next = r.board().open("127.0.0.1", "h", "after the damage").id();
                assertThat(next).as(damage).isGreaterThan(30 + IdFloor.MARGIN - 1)
                        .isGreaterThanOrEqualTo(IdFloor.clock(Instant.now()) - 5);
                assertThat(list(dir).stream().map(p -> p.getFileName().toString()))
                        .as(damage).anyMatch(n -> n.startsWith("state.json.") && n.endsWith(".bad"));
            }
            // And the new file is good: the next run goes on from it exactly.
            long expected;
            try (Run r = run()) {
                expected = r.board().open("127.0.0.1", "h", "next").id();
            }
            try (Run r = run()) {
                assertThat(r.board().open("127.0.0.1", "h", "next again").id()).isEqualTo(expected + 1);
            }
        }
    }

    @Test
    void aTruncatedFileStillTellsTheIdsItHeld() throws Exception {
        try (Run r = run()) {
            for (int i = 0; i < 5; i++) {
                answerAndClose(r.board(), r.board().open("127.0.0.1", "h", "request " + i));
            }
        }
        String text = Files.readString(dir.resolve(StateFile.NAME), UTF_8);
        assertThat(StateFile.largestId(text.substring(0, text.indexOf("\"waiting\""))).orElse(0))
                .as("the head of the file names the ids").isGreaterThanOrEqualTo(6);
    }

    @Test
    void withoutAFileIdsStartAboveTheAuditLogAndWithNeitherAtOne() throws Exception {
        try (Run r = run(OptionalLong.of(4321))) {
            assertThat(r.board().open("127.0.0.1", "h", "m").id()).isEqualTo(4321 + IdFloor.MARGIN);
        }
        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        StateStore.Opened o = StateStore.open(new StateDirectory(fresh), Clock.systemUTC(), OptionalLong::empty);
        RequestBoard board = new RequestBoard(Clock.systemUTC(), o.store(), o.board());
        o.store().attach(board::saved);
        assertThat(board.open("127.0.0.1", "h", "m").id()).isEqualTo(1);
        o.store().close();
    }

    @Test
    void aSecondDaemonOnTheSameDirectoryIsRefused() throws Exception {
        try (Run r = run()) {
            assertThatThrownBy(() -> StateStore.open(new StateDirectory(dir), Clock.systemUTC(), OptionalLong::empty))
                    .isInstanceOf(StateStore.InUseException.class)
                    .hasMessage("another mediachanged uses the state directory " + dir + " (it holds state.lock):"
                            + " stop it first, or give this one a --state-dir of its own");
        }
        try (Run again = run()) {
            assertThat(again.board().open("127.0.0.1", "h", "m").id()).isEqualTo(1);
        }
    }

    @Test
    void aStateThatCannotBeWrittenIsSaidInOneLineAndRequestsThenEndAtAStop() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        StateStore.Opened o = StateStore.open(new StateDirectory(notADirectory), Clock.systemUTC(),
                OptionalLong::empty);
        RequestBoard board = new RequestBoard(Clock.systemUTC(), o.store(), o.board());
        assertThat(o.store().attach(board::saved)).hasValueSatisfying(p -> assertThat(p)
                .startsWith("cannot use the state directory " + notADirectory + " (")
                .endsWith("; request ids may repeat after a restart, and requests waiting when the daemon stops end"
                        + " with Error shutting down"));
        assertThat(board.keepsPending()).isFalse();
        assertThat(board.open("127.0.0.1", "h", "m").id()).as("ids where no earlier one can be")
                .isGreaterThanOrEqualTo(IdFloor.clock(Instant.now()) - 5);
        o.store().close();
    }

    @Test
    void theFileIsPrivateAndHoldsNoTokenOnlyWhatTheBoardSaved() throws Exception {
        try (Run r = run()) {
            PendingRequest p = r.board().open("10.1.2.3", 40000, "backup1", "Mount volume 3");
            r.board().mark(p.id(), "notified:0123456789abcdef");
            r.board().end(p.id(), Ending.TIMED_OUT);
            awaitWritten(r.store(), "notified:0123456789abcdef");
        }
        Path file = dir.resolve(StateFile.NAME);
        assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        // The ids first (what is left of a file cut short still has them), compact: no time spent on spaces.
        assertThat(Files.readString(file, UTF_8)).startsWith("{\"version\":1,\"running\":false,\"nextId\":2,"
                + "\"idLimit\":").contains("\"message\":\"Mount volume 3\"").contains("\"port\":40000");
        assertThat(list(dir).stream().map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("state.json", "state.lock");
    }

    private long limitOnDisk() throws Exception {
        Matcher m = LIMIT.matcher(Files.readString(dir.resolve(StateFile.NAME), UTF_8));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Waits until the file on disk holds {@code text}. */
    static void awaitWritten(StateStore store, String text) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(store.file(), UTF_8).contains(text)) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("the state file never held " + text);
            }
            Thread.sleep(5);
        }
    }

    private static List<Path> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    private static void deleteTree(Path p) throws Exception {
        if (Files.isDirectory(p)) {
            for (Path q : list(p)) {
                deleteTree(q);
            }
        }
        Files.delete(p);
    }
}
