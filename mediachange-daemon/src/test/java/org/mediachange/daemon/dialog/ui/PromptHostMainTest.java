package org.mediachange.daemon.dialog.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.EventQueue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mediachange.daemon.dialog.DialogFailedException;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.testing.Requests;

/**
 * The dialog process's side of the pipe, with a stand-in for the Swing
 * prompt: what it reports for answered and failed dialogs, and that it
 * answers {@code ping} from the event thread only.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PromptHostMainTest {

    /** The show command of request {@code id}. */
    private static String show(long id) {
        return PipeProtocol.show(Requests.info(id, "h", "192.168.1.1", "tape 4"));
    }

    private final StringWriter output = new StringWriter();
    private final PrintWriter protocol = new PrintWriter(output);
    private OutputStream toChild;
    private Thread serving;

    private void serve(OperatorPrompt prompt) throws Exception {
        Pipe pipe = Pipe.open();
        toChild = Channels.newOutputStream(pipe.sink());
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(pipe.source()),
                StandardCharsets.UTF_8));
        serving = new Thread(() -> {
            try {
                PromptHostMain.serve(prompt, protocol, in);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }, "serve");
        serving.start();
    }

    @BeforeEach
    void setUp() {
        assertThat(EventQueue.isDispatchThread()).isFalse();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (toChild != null) {
            toChild.close();
            serving.join(10_000);
        }
    }

    private void say(String line) throws Exception {
        toChild.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toChild.flush();
    }

    private String output() {
        synchronized (protocol) {
            return output.toString();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void theDaemonStartsThisClass() {
        assertThat(PipeProtocol.MAIN_CLASS).isEqualTo(PromptHostMain.class.getName());
    }

    @Test
    void answersAreReported() throws Exception {
        serve(r -> CompletableFuture.completedFuture(Decision.CANCEL));
        say(show(7));
        await("the answer", () -> output().contains("answer 7 cancel\n"));
    }

    @Test
    void aDialogThatCannotBeBuiltIsReportedFailedWithoutItsText() throws Exception {
        serve(r -> CompletableFuture.failedFuture(new DialogFailedException("no memory for " + r.message(), null)));
        say(show(3));
        await("the failure", () -> output().contains("failed 3\n"));
        assertThat(output()).isEqualTo("failed 3" + System.lineSeparator());
    }

    @Test
    void aWithdrawnDialogIsNotReported() throws Exception {
        CompletableFuture<Decision> held = new CompletableFuture<>();
        serve(r -> held);
        say(show(1));
        say(PipeProtocol.close(1));
        await("the withdrawal", held::isCancelled);
        say(PipeProtocol.ping(1));
        await("the pong", () -> output().contains("pong 1"));
        assertThat(output()).isEqualTo("pong 1" + System.lineSeparator());
    }

    @Test
    void pingIsAnsweredFromTheEventThreadOnly() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        serve(r -> {
            asked.countDown();
            return new CompletableFuture<>();
        });
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        EventQueue.invokeLater(() -> {
            stuck.countDown();
            try {
                release.await(); // an event thread that is stuck, e.g. in a deadlock
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
        say(PipeProtocol.ping(5));
        say(show(1));
        assertThat(asked.await(10, TimeUnit.SECONDS)).as("commands are still read").isTrue();
        Thread.sleep(1000);
        assertThat(output()).as("no pong while the event thread is stuck").isEmpty();
        release.countDown();
        await("the pong", () -> output().contains("pong 5\n"));
    }

    @Test
    void aBusyEventThreadThatMakesProgressAnswersBeforeItsQueueIsDone() throws Exception {
        serve(r -> new CompletableFuture<>());
        // 50 events of 100 ms each, as when a burst of dialogs is being laid out: 5 s of work.
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 50; i++) {
            EventQueue.invokeLater(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.incrementAndGet();
            });
        }
        say(PipeProtocol.ping(9));
        await("the pong", () -> output().contains("pong 9\n"));
        assertThat(done.get()).as("events still queued when the pong went out").isLessThan(50);
        await("the queue to drain", () -> done.get() == 50);
        assertThat(output()).as("answered once").isEqualTo("pong 9\n");
    }
}
