package org.mediachange.daemon.dialog.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.dialog.DialogFailedException;
import org.mediachange.daemon.dialog.DialogHealth;
import org.mediachange.daemon.dialog.KeepWarm;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.testing.Requests;
import org.slf4j.LoggerFactory;

/**
 * The supervisor of the dialog process, driven with a stand-in process
 * ({@link FakePromptHost}) so that restarts, a missing display and dialog
 * processes that hang, stop or misbehave can be staged without X; stopped
 * processes are really stopped with SIGSTOP. The real dialog process runs in
 * the end-to-end tests, and here against an X server that never answers.
 */
// A separate thread: a regression that blocks a test thread in a write fails the test instead of hanging.
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChildProcessPromptTest {

    /** A DISPLAY value the probe cannot judge, so the supervisor always starts the process. */
    private static final String DISPLAY = "fake/unix:0";
    private static final RequestInfo REQUEST = Requests.info(1, "h", "192.168.1.1", "tape 4");
    /** Short deadlines, so a hung process is found within a second or two. */
    private static final Liveness QUICK = new Liveness(Duration.ofSeconds(20), Duration.ofMillis(250),
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1));
    /** Long enough that nothing is killed while the test looks. */
    private static final Duration WITHIN = Duration.ofSeconds(10);
    /** Longer than any test: the dialog process does not end for idleness unless a test wants it to. */
    private static final KeepWarm WARM = KeepWarm.after(Duration.ofMinutes(10));
    /** Soon: the dialog process ends 0.2 s after its last dialog. */
    private static final KeepWarm BRIEFLY = KeepWarm.after(Duration.ofMillis(200));

    @TempDir
    Path dir;
    private Path journal;
    private ChildProcessPrompt prompt;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ChildProcessPrompt.class.getPackageName());

    @BeforeEach
    void setUp() {
        journal = dir.resolve("journal");
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (prompt != null) {
            // Bounded even if close() is not: a test of a hang must not hang the build.
            Thread closer = new Thread(prompt::close, "test-close");
            closer.setDaemon(true);
            closer.start();
            closer.join(15_000);
        }
        logger.detachAppender(log);
        for (long pid : pids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // stopped ones too
        }
    }

    private ChildProcessPrompt start(String mode) {
        return start(mode, Liveness.DEFAULT);
    }

    private ChildProcessPrompt start(String mode, Liveness liveness) {
        return start(mode, liveness, WARM);
    }

    private ChildProcessPrompt start(String mode, Liveness liveness, KeepWarm keepWarm) {
        prompt = ChildProcessPrompt.start(DialogLauncher.of(fakeHost(mode, journal)), DISPLAY, liveness, keepWarm);
        return prompt;
    }

    /** Asks a request that starts the dialog process, and waits until that process is ready. */
    private void startedAndReady(ChildProcessPrompt p) throws InterruptedException {
        p.ask(Requests.info(1000, "h", "192.168.1.2", "the first request starts the dialog process"));
        await("the dialog process to be ready", p::ready);
    }

    /** The command running {@link FakePromptHost} in {@code mode}. */
    static List<String> fakeHost(String mode, Path journal) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return List.of(java, "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                FakePromptHost.class.getName(), mode, journal.toString());
    }

    private List<String> journal() throws Exception {
        return Files.exists(journal) ? Files.readAllLines(journal, StandardCharsets.UTF_8) : List.of();
    }

    /** Pids of the dialog processes started so far, in order. */
    private List<Long> pids() throws Exception {
        return pids(journal);
    }

    static List<Long> pids(Path journal) throws Exception {
        Path file = Path.of(journal + ".pids");
        return Files.exists(file) ? Files.readAllLines(file).stream().map(Long::parseLong).toList() : List.of();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Sends {@code signal} (e.g. {@code STOP}) to {@code pid} with kill(1). */
    static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
    }

    /** Whether {@code pid} has ended (a zombie has ended too). */
    static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state == 'Z' || state == 'X';
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private List<String> logLines() {
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private List<String> warnings() {
        synchronized (log) {
            return log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private long count(String prefix) {
        try {
            return journal().stream().filter(l -> l.startsWith(prefix)).count();
        } catch (Exception e) {
            return 0;
        }
    }

    private boolean contains(String prefix) {
        return count(prefix) > 0;
    }

    /** A request whose show line is about 5.4 KiB: a dozen fill the pipe of a process that stopped reading. */
    private static RequestInfo bigRequest(int n) {
        return Requests.info(n + 1, "h", "192.168.1.1", "tape " + n + " " + "x".repeat(4000));
    }

    @Test
    void answerFromTheDialogProcessCompletesTheRequest() throws Exception {
        CompletableFuture<Decision> d = start("ok").ask(REQUEST);
        await("a ready dialog process", () -> prompt.state() == DialogHealth.State.READY);
        assertThat(prompt.displayAnswers()).isTrue();
        assertThat(d.get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        assertThat(journal()).filteredOn(l -> l.startsWith("show ")).singleElement().asString().startsWith("show 1 ");
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
        assertThat(prompt.starts().snapshot()).as("the restart counted, and why")
                .isEqualTo(Map.of(List.of("first"), 1L, List.of("exited"), 1L));
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
        assertThat(prompt.state()).isNotEqualTo(DialogHealth.State.READY);
        assertThat(prompt.starts().count("first")).isEqualTo(1);
        assertThat(prompt.starts().count("display")).as("restarts for the display's return").isPositive();
        assertThat(prompt.starts().count("exited") + prompt.starts().count("killed")).isZero();
    }

    @Test
    void closeLetsARunningDialogProcessEndByItself() throws Exception {
        ChildProcessPrompt p = start("hold", new Liveness(Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5)));
        startedAndReady(p);
        long pid = pids().get(0);
        p.close();
        assertThat(gone(pid)).isTrue();
        assertThat(journal()).as("it saw its input end and closed its dialogs, not killed").contains("input ended");
    }

    @Test
    void aStoppedDialogProcessBlocksNeitherAskNorCancelNorClose() throws Exception {
        ChildProcessPrompt p = start("hold");
        startedAndReady(p);
        long pid = pids().get(0);
        signal("STOP", pid);
        // 64 requests of 5.4 KiB each: far more than the 64 KiB pipe the stopped process does not read.
        List<CompletableFuture<Decision>> asked = assertTimeoutPreemptively(WITHIN, () -> {
            List<CompletableFuture<Decision>> fs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                fs.add(p.ask(bigRequest(i)));
            }
            return fs;
        }, "ask() blocked on the stopped dialog process");
        List<CompletableFuture<Decision>> withdrawn = asked.subList(0, 32);
        assertTimeoutPreemptively(WITHIN, () -> withdrawn.forEach(f -> f.cancel(false)),
                "cancelling a request blocked on the stopped dialog process");
        assertThat(withdrawn).allMatch(CompletableFuture::isCancelled);
        assertThat(asked.subList(32, 64)).noneMatch(CompletableFuture::isDone);
        assertThat(gone(pid)).as("still there, stopped").isFalse();
        assertTimeoutPreemptively(WITHIN, p::close, "close() blocked on the stopped dialog process");
        await("the stopped dialog process to end", () -> gone(pid));
    }

    @Test
    void aStoppedDialogProcessIsReplacedAndItsRequestsAreShownAgain() throws Exception {
        ChildProcessPrompt p = start("hold", QUICK);
        CompletableFuture<Decision> d = p.ask(REQUEST);
        await("the request to be shown", () -> contains("show 1 "));
        long pid = pids().get(0);
        signal("STOP", pid);
        await("the stopped dialog process to be killed", () -> gone(pid));
        await("the request to be shown by another dialog process", () -> count("show 1 ") >= 2);
        assertThat(pids()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(warnings()).anyMatch(l -> l.startsWith("dialog process " + pid + " did not answer a liveness check"));
        assertThat(d).isNotDone();
        assertThat(p.starts().count("killed")).as("the replacement counted as a kill").isPositive();
        assertThat(p.starts().count("first")).isEqualTo(1);
    }

    @Test
    void aDialogProcessWithAStuckEventThreadIsReplaced() throws Exception {
        ChildProcessPrompt p = start("no-pong", QUICK);
        p.ask(REQUEST);
        await("a second dialog process", () -> {
            try {
                return pids().size() >= 2;
            } catch (Exception e) {
                return false;
            }
        });
        await("the request to be shown again", () -> count("show 1 ") >= 2);
        assertThat(warnings()).anyMatch(l -> l.contains(" did not answer a liveness check within 2 s"));
    }

    @Test
    void aDialogProcessThatStopsReadingIsKilledWhenAWriteHangs() throws Exception {
        // Pings so rare that only the blocked write can give the process away.
        Liveness writesOnly = new Liveness(Duration.ofSeconds(20), Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        ChildProcessPrompt p = start("hold", writesOnly);
        startedAndReady(p);
        long pid = pids().get(0);
        signal("STOP", pid);
        for (int i = 0; i < 64; i++) {
            p.ask(bigRequest(i));
        }
        await("the stopped dialog process to be killed", () -> gone(pid));
        await("every request to be shown by another dialog process", () -> contains("show 64 "));
        assertThat(warnings()).anyMatch(l -> l.startsWith("dialog process " + pid + " stopped reading its input"));
    }

    @Test
    void aDialogProcessThatNeverBecomesReadyIsKilledAndTriedAgain() throws Exception {
        start("never-ready", new Liveness(Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(1))).ask(REQUEST);
        await("a second attempt", () -> {
            try {
                return pids().size() >= 2;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(gone(pids().get(0))).isTrue();
        assertThat(warnings()).anyMatch(l -> l.contains(" did not become ready within 1 s"));
    }

    @Test
    void theRealDialogProcessIsTriedAgainWhenItsXServerNeverAnswers() throws Exception {
        try (ServerSocket deafX = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger clients = new AtomicInteger();
            List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = deafX.accept();
                        held.add(s);
                        // The display probe only connects; a dialog process sends its X setup request.
                        Thread reader = new Thread(() -> {
                            try {
                                InputStream in = s.getInputStream(); // not closed: that would close the socket
                                if (in.read() >= 0) {
                                    clients.incrementAndGet();
                                }
                            } catch (java.io.IOException e) {
                                // closed by the test
                            }
                        });
                        reader.setDaemon(true);
                        reader.start();
                    }
                } catch (java.io.IOException e) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String display = "127.0.0.1:" + (deafX.getLocalPort() - 6000);
            prompt = ChildProcessPrompt.start(DialogLauncher.of(DialogProcessCommand.javaCommand(Duration.ZERO)),
                    display, new Liveness(Duration.ofSeconds(4), Duration.ofMillis(250), Duration.ofSeconds(2),
                            Duration.ofSeconds(2), Duration.ofSeconds(1)), WARM);
            prompt.ask(REQUEST);
            await("a second dialog process to try the X server", () -> clients.get() >= 2);
            assertThat(warnings()).anyMatch(l -> l.contains(" did not become ready within 4 s")
                    && l.contains("DISPLAY=" + display));
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aLineWithoutEndIsAFailureOfTheDialogProcess() throws Exception {
        ChildProcessPrompt p = start("endless-line");
        p.ask(REQUEST);
        await("a second dialog process", () -> {
            try {
                return pids().size() >= 2;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(warnings()).anyMatch(l -> l.startsWith("dialog process " + pidOrZero(0) + " printed a line longer than "));
        await("the first one to be gone", () -> gone(pidOrZero(0)));
    }

    @Test
    void somethingOutsideTheProtocolIsAFailureOfTheDialogProcess() throws Exception {
        start("garbage").ask(REQUEST);
        await("a second dialog process", () -> {
            try {
                return pids().size() >= 2;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(warnings()).filteredOn(l -> l.contains("outside the protocol")).first().asString()
                .contains("Exception in thread \\\"main\\\" \\x1B[2J").doesNotContain("\u001b");
    }

    @Test
    void anEndlessErrorLineIsLoggedCutAndTheDialogProcessKeepsWorking() throws Exception {
        CompletableFuture<Decision> d = start("endless-stderr").ask(REQUEST);
        assertThat(d.get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        await("the cut error line", () -> logLines().stream().anyMatch(l -> l.startsWith("dialog process: xxx")
                && l.endsWith("[line cut]")));
        assertThat(logLines()).filteredOn(l -> l.startsWith("dialog process: xxx"))
                .allMatch(l -> l.length() < 8192);
    }

    @Test
    void theSupervisorSurvivesItsOwnFailuresAndLeavesNoProcessBehind() throws Exception {
        // A null deadline makes the supervisor throw right after it has started a process.
        start("hold", new Liveness(Duration.ofSeconds(20), null, Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(1))).ask(REQUEST);
        java.util.regex.Pattern left = java.util.regex.Pattern.compile(
                "dialog process (\\d+) was left behind by its supervisor; killing it and starting another");
        await("a second attempt", () -> warnings().stream().filter(l -> left.matcher(l).matches()).count() >= 2);
        assertThat(logLines()).anyMatch(l -> l.startsWith("supervising the dialog process failed; starting another"));
        for (String l : warnings()) {
            java.util.regex.Matcher m = left.matcher(l);
            if (m.matches()) {
                long pid = Long.parseLong(m.group(1));
                await("process " + pid + " to be gone", () -> gone(pid));
            }
        }
    }

    @Test
    void theDialogProcessGetsTheLaunchersJvmOptions() {
        // scripts/mediachanged defines them once and passes them on in this property.
        String before = System.getProperty(DialogProcessCommand.JVM_OPTIONS_PROPERTY);
        System.setProperty(DialogProcessCommand.JVM_OPTIONS_PROPERTY, " -Xss512k  -XX:+UseSerialGC -Xmx64m ");
        try {
            List<String> cmd = DialogProcessCommand.javaCommand(Duration.ofSeconds(15));
            assertThat(cmd.subList(1, 6)).containsExactly("-Xss512k", "-XX:+UseSerialGC", "-Xmx64m",
                    "-Dslf4j.provider=" + PipeProtocol.LOG_PROVIDER, "-Dslf4j.internal.verbosity=WARN");
            assertThat(cmd.subList(cmd.size() - 2, cmd.size())).containsExactly(PipeProtocol.MAIN_CLASS, "15s");
            System.clearProperty(DialogProcessCommand.JVM_OPTIONS_PROPERTY);
            assertThat(DialogProcessCommand.javaCommand(Duration.ZERO).subList(1, 4)).as("no options without a"
                    + " launcher, but the dialog process's logging").containsExactly(
                            "-Dslf4j.provider=" + PipeProtocol.LOG_PROVIDER, "-Dslf4j.internal.verbosity=WARN", "-cp");
        } finally {
            if (before != null) {
                System.setProperty(DialogProcessCommand.JVM_OPTIONS_PROPERTY, before);
            }
        }
    }

    @Test
    void theDialogProcessKnowsEachRequestByItsBoardId() throws Exception {
        // One id everywhere: the pipe, the dialog process and every log line name request 42 as the
        // audit log does (id=42), whatever else the prompt was asked before.
        CompletableFuture<Decision> d = start("failed").ask(Requests.info(42, "h", "192.168.1.1", "tape 42"));
        assertThatThrownBy(() -> d.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DialogFailedException.class);
        assertThat(journal()).filteredOn(l -> l.startsWith("show ")).singleElement().asString()
                .startsWith("show 42 ");
        assertThat(warnings()).anyMatch(l -> l.matches("dialog process \\d+ could not build the dialog of request 42"));
    }

    @Test
    void aDialogThatCannotBeBuiltFailsItsRequest() throws Exception {
        CompletableFuture<Decision> d = start("failed").ask(REQUEST);
        assertThatThrownBy(() -> d.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(DialogFailedException.class);
    }

    // ----- started on demand, ended when idle -----

    @Test
    void noDialogProcessRunsBeforeTheFirstRequestWhichStartsOneWithoutWarmUp() throws Exception {
        List<Boolean> warmUps = new CopyOnWriteArrayList<>();
        prompt = ChildProcessPrompt.start(warmUp -> {
            warmUps.add(warmUp);
            return fakeHost("ok", journal);
        }, DISPLAY, Liveness.DEFAULT, WARM);
        await("the start to be logged", () -> logLines().stream()
                .anyMatch(l -> l.startsWith("requests will be shown on DISPLAY=" + DISPLAY + ", which answers")));
        assertThat(prompt.running()).isFalse();
        assertThat(pids()).isEmpty();
        assertThat(prompt.state()).as("not needed, which is healthy").isEqualTo(DialogHealth.State.IDLE);
        assertThat(prompt.displayAnswers()).as("checked now: nothing watches it while idle").isTrue();
        assertThat(prompt.starts().snapshot()).isEmpty();
        assertThat(prompt.ask(REQUEST).get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        assertThat(pids()).hasSize(1);
        assertThat(warmUps).as("a request waits: no dialog is built off screen first").containsExactly(false);
    }

    @Test
    void idleWithADisplayThatDoesNotAnswerSaysSoWithoutStartingAProcess() throws Exception {
        String gone = ":" + unusedDisplay();
        prompt = ChildProcessPrompt.start(DialogLauncher.of(fakeHost("ok", journal)), gone, Liveness.DEFAULT, WARM);
        assertThat(prompt.state()).isEqualTo(DialogHealth.State.IDLE);
        assertThat(prompt.displayAnswers()).as("the next request could not be shown").isFalse();
        assertThat(pids()).isEmpty();
        assertThat(prompt.starts().snapshot()).isEmpty();
    }

    /** A display number no X server has a socket for. */
    private static int unusedDisplay() {
        for (int n = 99; n > 50; n--) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                return n;
            }
        }
        throw new AssertionError("no unused display number");
    }

    @Test
    void keptAlwaysTheDialogProcessStartsWithThePromptWarmedUpAndStays() throws Exception {
        List<Boolean> warmUps = new CopyOnWriteArrayList<>();
        prompt = ChildProcessPrompt.start(warmUp -> {
            warmUps.add(warmUp);
            return fakeHost("ok", journal);
        }, DISPLAY, Liveness.DEFAULT, KeepWarm.ALWAYS);
        await("the dialog process to be ready without a request", prompt::ready);
        assertThat(warmUps).containsExactly(true);
        assertThat(prompt.ask(REQUEST).get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        assertThat(pids()).hasSize(1);
    }

    @Test
    void theDialogProcessEndsAfterTheKeepWarmTimeWithoutDialogsAndTheNextRequestStartsAnother() throws Exception {
        ChildProcessPrompt p = start("ok", Liveness.DEFAULT, BRIEFLY);
        assertThat(p.ask(REQUEST).get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        long first = pids().get(0);
        await("the idle dialog process to end", () -> gone(first));
        assertThat(journal()).as("told to end (its input ended), not killed").contains("input ended");
        assertThat(logLines()).anyMatch(l -> l.startsWith("dialog process " + first + " ends: no dialog to show for"));
        assertThat(warnings()).isEmpty();
        await("the supervisor to let it go", () -> p.state() == DialogHealth.State.IDLE);
        assertThat(p.running()).isFalse();
        assertThat(p.displayAnswers()).isTrue();
        assertThat(p.ask(Requests.info(2, "h", "192.168.1.1", "tape 5")).get(30, TimeUnit.SECONDS))
                .isEqualTo(Decision.OK);
        assertThat(pids()).hasSize(2);
        assertThat(p.starts().snapshot()).as("the second start counted for the idle end, not as a restart")
                .isEqualTo(Map.of(List.of("first"), 1L, List.of("idle"), 1L));
    }

    @Test
    void aRequestMadeWhileTheDialogProcessStartsIsShownByIt() throws Exception {
        ChildProcessPrompt p = start("ok-when-released");
        CompletableFuture<Decision> first = p.ask(REQUEST);
        await("the dialog process to start", () -> contains("started "));
        assertThat(p.ready()).as("still starting").isFalse();
        CompletableFuture<Decision> second = p.ask(Requests.info(2, "h2", "192.168.1.2", "tape 5"));
        Files.createFile(release()); // now it says ready
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        assertThat(pids()).as("one dialog process for both").hasSize(1);
        assertThat(journal()).filteredOn(l -> l.startsWith("show 1 ")).hasSize(1);
        assertThat(journal()).filteredOn(l -> l.startsWith("show 2 ")).hasSize(1);
    }

    @Test
    void aRequestMadeWhileTheDialogProcessEndsForIdlenessIsShownByTheNextOne() throws Exception {
        // It may take its time to end: nothing kills it meanwhile.
        Liveness patient = new Liveness(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(60));
        ChildProcessPrompt p = start("ok-slow-exit", patient, BRIEFLY);
        assertThat(p.ask(REQUEST).get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        await("the idle dialog process to be told to end", () -> contains("input ended"));
        long first = pids().get(0);
        assertThat(gone(first)).as("still ending").isFalse();
        CompletableFuture<Decision> late = p.ask(Requests.info(2, "h2", "192.168.1.2", "tape 5"));
        Files.createFile(release()); // now the first one exits
        assertThat(late.get(30, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        List<String> j = journal();
        long second = pids().get(1);
        assertThat(j.indexOf("exiting")).as("the first one ended before the next one started")
                .isGreaterThan(j.indexOf("input ended")).isLessThan(j.indexOf("started " + second));
        assertThat(j).filteredOn(l -> l.startsWith("show 2 ")).singleElement()
                .satisfies(l -> assertThat(j.indexOf(l)).isGreaterThan(j.indexOf("started " + second)));
        assertThat(warnings()).isEmpty();
    }

    private Path release() {
        return Path.of(journal + ".release");
    }

    private long pidOrZero(int index) {
        try {
            List<Long> all = pids();
            return all.size() > index ? all.get(index) : 0;
        } catch (Exception e) {
            return 0;
        }
    }
}
