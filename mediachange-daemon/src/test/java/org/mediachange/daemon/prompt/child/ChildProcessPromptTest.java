package org.mediachange.daemon.prompt.child;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.prompt.Decision;
import org.mediachange.daemon.prompt.PromptRequest;
import org.slf4j.LoggerFactory;

/**
 * The supervisor of the dialog process, driven with a stand-in process
 * ({@link FakePromptHost}) so that restarts and a missing display can be
 * staged without X. The real dialog process runs in the end-to-end tests.
 */
@Timeout(60)
class ChildProcessPromptTest {

    /** A DISPLAY value the probe cannot judge, so the supervisor always starts the process. */
    private static final String DISPLAY = "fake/unix:0";
    private static final PromptRequest REQUEST = new PromptRequest("h", "192.168.1.1", "tape 4");

    @TempDir
    Path dir;
    private Path journal;
    private ChildProcessPrompt prompt;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ChildProcessPrompt.class);

    @BeforeEach
    void setUp() {
        journal = dir.resolve("journal");
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        if (prompt != null) {
            prompt.close();
        }
        logger.detachAppender(log);
    }

    private ChildProcessPrompt start(String mode) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        prompt = ChildProcessPrompt.start(List.of(java, "-cp", System.getProperty("java.class.path"),
                FakePromptHost.class.getName(), mode, journal.toString()), DISPLAY);
        return prompt;
    }

    private List<String> journal() throws Exception {
        return Files.exists(journal) ? Files.readAllLines(journal, StandardCharsets.UTF_8) : List.of();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<String> logLines() {
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void answerFromTheDialogProcessCompletesTheRequest() throws Exception {
        CompletableFuture<Decision> d = start("ok").ask(REQUEST);
        assertThat(d.get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        assertThat(journal()).singleElement().asString().startsWith("show 1 ");
    }

    @Test
    void requestMadeBeforeTheProcessIsReadyIsShownWhenItIs() throws Exception {
        ChildProcessPrompt p = start("ok");
        CompletableFuture<Decision> d = p.ask(REQUEST); // the JVM of the process is still starting
        assertThat(d.get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        assertThat(p.ready()).isTrue();
    }

    @Test
    void withdrawnRequestIsClosedInTheDialogProcess() throws Exception {
        ChildProcessPrompt p = start("hold");
        await("the dialog process to be ready", p::ready);
        CompletableFuture<Decision> d = p.ask(REQUEST);
        await("the request to be shown", () -> contains("show 1 "));
        d.cancel(false);
        await("the close command", () -> contains("close 1"));
    }

    @Test
    void pendingRequestIsShownAgainAfterTheDialogProcessDies() throws Exception {
        CompletableFuture<Decision> d = start("crash-once").ask(REQUEST);
        assertThat(d.get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        assertThat(journal()).filteredOn(l -> l.startsWith("show 1 ")).hasSize(2);
        assertThat(logLines()).anyMatch(l -> l.startsWith("dialog process ended (exit code 1")
                && l.contains("simulated crash"));
    }

    @Test
    void withoutADisplayRequestsWaitAndTheWaitIsLoggedOnce() throws Exception {
        CompletableFuture<Decision> d = start("no-display").ask(REQUEST);
        await("the waiting message", () -> logLines().stream().anyMatch(l -> l.startsWith("waiting for the display")));
        Thread.sleep(2500); // several failed attempts
        assertThat(d).isNotDone();
        assertThat(prompt.ready()).isFalse();
        assertThat(logLines()).filteredOn(l -> l.startsWith("waiting for the display")).hasSize(1)
                .first().asString().contains("DISPLAY=" + DISPLAY).contains("cannot open X display");
    }

    private boolean contains(String prefix) {
        try {
            return journal().stream().anyMatch(l -> l.startsWith(prefix));
        } catch (Exception e) {
            return false;
        }
    }
}
