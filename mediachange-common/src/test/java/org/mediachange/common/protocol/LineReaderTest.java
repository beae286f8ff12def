package org.mediachange.common.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mediachange.common.protocol.LineReader.IncompleteLineException;
import org.mediachange.common.protocol.LineReader.LineTooLongException;
import org.mediachange.common.time.Deadline;

/**
 * {@link LineReader} over a real loopback connection: line ends, the byte cap,
 * a peer that closes or dribbles, and UTF-8 decoding.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LineReaderTest {

    /** Only a safety net so a broken reader fails instead of hanging. */
    private static final Duration SAFETY = Duration.ofSeconds(5);

    private ServerSocket listener;
    private Socket peer;
    private Socket reader;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        listener.setSoTimeout((int) SAFETY.toMillis());
        peer = new Socket();
        peer.connect(listener.getLocalSocketAddress(), (int) SAFETY.toMillis());
        reader = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        for (java.io.Closeable c : new java.io.Closeable[] {reader, peer, listener}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private void send(byte[] bytes) throws IOException {
        OutputStream out = peer.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private void send(String text) throws IOException {
        send(text.getBytes(UTF_8));
    }

    private void peerCloses() throws IOException {
        peer.close();
    }

    private String readLine(int maxBytes) throws IOException {
        return LineReader.readLine(reader, maxBytes, Deadline.after(SAFETY));
    }

    @Test
    void readsALineEndedByLf() throws IOException {
        send("Ok\n");
        assertThat(readLine(64)).isEqualTo("Ok");
    }

    @Test
    void stripsCrLf() throws IOException {
        send("Cancel\r\n");
        assertThat(readLine(64)).isEqualTo("Cancel");
    }

    @Test
    void keepsACrThatIsNotBeforeTheLf() throws IOException {
        send("a\rb\n");
        assertThat(readLine(64)).isEqualTo("a\rb");
    }

    @Test
    void readsALineSentInSeveralPieces() throws IOException {
        send("Err");
        send("or line ");
        send("too long\n");
        assertThat(readLine(64)).isEqualTo("Error line too long");
    }

    @Test
    void acceptsExactlyMaxBytesBeforeTheLf() throws IOException {
        send("x".repeat(16) + "\n");
        assertThat(readLine(16)).isEqualTo("x".repeat(16));
    }

    @Test
    void rejectsMaxBytesPlusOneWithoutLf() throws IOException {
        send("x".repeat(17));
        assertThatThrownBy(() -> readLine(16))
                .isInstanceOf(LineTooLongException.class)
                .hasMessage("line longer than 16 bytes");
    }

    @Test
    void aHugeCapCostsOnlyWhatArrives() throws IOException {
        // The buffer grows with the data: a cap near Integer.MAX_VALUE is no 2 GiB allocation per connection.
        send("short line\n");
        assertThat(readLine(Integer.MAX_VALUE - 1)).isEqualTo("short line");
    }

    @Test
    void aLineLongerThanTheFirstBufferIsReadWhole() throws IOException {
        String line = "0123456789".repeat(LineReader.INITIAL_BUFFER) + "end";
        send(line + "\n");
        assertThat(readLine(line.length())).isEqualTo(line);
    }

    @Test
    void theCapHoldsWhenTheBufferHasGrown() throws IOException {
        int max = LineReader.INITIAL_BUFFER * 5 + 3;
        send("x".repeat(max + 1));
        assertThatThrownBy(() -> readLine(max)).isInstanceOf(LineTooLongException.class)
                .hasMessage("line longer than " + max + " bytes");
    }

    @Test
    void refusesACapThatCannotBeHeld() {
        assertThatThrownBy(() -> readLine(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> readLine(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCrBeforeTheLfCountsTowardsTheCap() throws IOException {
        send("x".repeat(16) + "\r\n");
        assertThatThrownBy(() -> readLine(16)).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void capCountsBytesNotCharacters() throws IOException {
        send("日本\n"); // 6 bytes
        assertThatThrownBy(() -> readLine(5)).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void peerClosingMidLineGivesThePartialText() throws IOException {
        send("Canc");
        peerCloses();
        assertThatThrownBy(() -> readLine(64))
                .isInstanceOfSatisfying(IncompleteLineException.class,
                        e -> assertThat(e.partial()).isEqualTo("Canc"))
                .hasMessage("connection closed in mid-line");
    }

    @Test
    void peerClosingWithoutDataGivesAnEmptyPartial() throws IOException {
        peerCloses();
        assertThatThrownBy(() -> readLine(64))
                .isInstanceOfSatisfying(IncompleteLineException.class,
                        e -> assertThat(e.partial()).isEmpty())
                .hasMessage("connection closed before any data");
    }

    /**
     * One byte every 100 ms would keep a per-read timeout of 300 ms happy
     * forever; the overall deadline must still end the read. After a bounded
     * number of bytes the writer completes the line, so a reader that ignores
     * the deadline returns a line instead of failing with the expected exception.
     */
    @Test
    void deadlinePassesWhileThePeerDribbles() throws Exception {
        Deadline deadline = Deadline.after(Duration.ofMillis(300));
        AtomicBoolean stop = new AtomicBoolean();
        Thread dribbler = new Thread(() -> {
            try {
                OutputStream out = peer.getOutputStream();
                for (int i = 0; i < 20 && !stop.get(); i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
                if (!stop.get()) {
                    out.write('\n');
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the reader side is gone: nothing left to do
            }
        }, "dribbler");
        dribbler.setDaemon(true);
        dribbler.start();
        try {
            assertThatThrownBy(() -> LineReader.readLine(reader, 1024, deadline))
                    .isInstanceOf(SocketTimeoutException.class);
        } finally {
            stop.set(true);
            dribbler.join(SAFETY.toMillis());
        }
        assertThat(dribbler.isAlive()).isFalse();
    }

    @Test
    void readsAtMostCapPlusOneBytesOfAnOverlongLine() throws Exception {
        // 16 + 1 + 100 bytes are waiting; after the error exactly the last 100 must still be unread.
        send("y".repeat(117));
        assertThatThrownBy(() -> readLine(16)).isInstanceOf(LineTooLongException.class);
        peerCloses();
        assertThat(reader.getInputStream().readAllBytes()).hasSize(100);
    }

    @Test
    void onceTheLineHasStartedItsRestMustFollowInTime() throws Exception {
        // No overall deadline; but after the first byte, the rest must come within 300 ms.
        send("O");
        assertThatThrownBy(() -> LineReader.readLine(reader, 64, Deadline.none(), Duration.ofMillis(300)))
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void withALimitForTheRestAPromptLineIsStillRead() throws IOException {
        send("Ok\n");
        assertThat(LineReader.readLine(reader, 64, Deadline.none(), Duration.ofMillis(300))).isEqualTo("Ok");
    }

    @Test
    void aPeerThatHoldsTheConnectionSilentlyIsToldOnceAndItsLineStillArrives() throws IOException {
        AtomicInteger told = new AtomicInteger();
        // The peer answers only once the reader has said it is quiet, so the call must come first.
        String line = LineReader.readLine(reader, 64, Deadline.after(SAFETY), Duration.ofMillis(300),
                Duration.ofMillis(50), () -> {
                    told.incrementAndGet();
                    try {
                        send("Ok\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        assertThat(line).isEqualTo("Ok");
        assertThat(told).hasValue(1);
    }

    @Test
    void aPeerThatAnswersIsNotQuiet() throws IOException {
        AtomicInteger told = new AtomicInteger();
        send("Cancel\n");
        assertThat(LineReader.readLine(reader, 64, Deadline.after(SAFETY), null, SAFETY, told::incrementAndGet))
                .isEqualTo("Cancel");
        assertThat(told).hasValue(0);
    }

    @Test
    void aPeerThatClosesIsNotQuiet() throws IOException {
        AtomicInteger told = new AtomicInteger();
        peerCloses();
        assertThatThrownBy(() -> LineReader.readLine(reader, 64, Deadline.after(SAFETY), null, SAFETY,
                told::incrementAndGet)).isInstanceOf(IncompleteLineException.class);
        assertThat(told).hasValue(0);
    }

    @Test
    void theDeadlineComingFirstEndsTheReadWithoutTheQuietCall() {
        AtomicInteger told = new AtomicInteger();
        assertThatThrownBy(() -> LineReader.readLine(reader, 64, Deadline.after(Duration.ofMillis(100)), null,
                SAFETY, told::incrementAndGet)).isInstanceOf(SocketTimeoutException.class);
        assertThat(told).hasValue(0);
    }

    @Test
    void aDeadlineThatHasAlreadyPassedFailsWithoutWaitingForData() {
        Deadline passed = Deadline.afterNanos(System.nanoTime() - Duration.ofSeconds(2).toNanos(), Duration.ofSeconds(1));
        assertThatThrownBy(() -> LineReader.readLine(reader, 64, passed))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("no complete line before the deadline (0 bytes received)");
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() throws IOException {
        send(new byte[] {'a', (byte) 0xFF, 'b', (byte) 0xC3, '(', 'c', '\n'});
        assertThat(readLine(64)).isEqualTo("a\uFFFDb\uFFFD(c");
    }

    @Test
    void invalidUtf8InAPartialLineBecomesReplacementCharacters() throws IOException {
        send(new byte[] {'O', 'k', (byte) 0xE6, (byte) 0x97});
        peerCloses();
        assertThatThrownBy(() -> readLine(64))
                .isInstanceOfSatisfying(IncompleteLineException.class,
                        e -> assertThat(e.partial()).isEqualTo("Ok\uFFFD"));
    }

    @Test
    void multiByteTextRoundTripsThroughEncodeLine() throws IOException {
        String text = "Bänd 3 – 日本";
        byte[] line = Wire.encodeLine(text);
        assertThat(line).hasSize(text.getBytes(UTF_8).length + 1).endsWith(Wire.LF);
        send(line);
        assertThat(readLine(64)).isEqualTo(text);
    }

    @Test
    void multiByteCharacterSplitAcrossWritesSurvives() throws IOException {
        byte[] line = Wire.encodeLine("日本");
        send(new byte[] {line[0], line[1]});
        send(java.util.Arrays.copyOfRange(line, 2, line.length));
        assertThat(readLine(64)).isEqualTo("日本");
    }
}
