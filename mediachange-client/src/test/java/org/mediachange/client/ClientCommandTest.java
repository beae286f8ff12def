package org.mediachange.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mediachange.client.ClientRun.lines;
import static org.mediachange.client.ClientRun.run;
import static org.mediachange.client.ClientRun.runWithStdin;
import static org.mediachange.client.FakeDaemon.closeWithoutAnswer;
import static org.mediachange.client.FakeDaemon.raw;
import static org.mediachange.client.FakeDaemon.reply;
import static org.mediachange.client.FakeDaemon.silent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mediachange.common.cli.VersionProvider;
import org.mediachange.common.protocol.Reply;

/**
 * {@code mediachangec} run in-process against a {@link FakeDaemon} on
 * loopback: answers and their exit codes, how the message is built, usage
 * errors, network failures, and {@code --retry-for}. Each nested class is one
 * concern; each test reads as a transcript of what the daemon says and what
 * the client prints.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientCommandTest {

    private static final String HOST = FakeDaemon.HOST;

    /** Runs {@code mediachangec --port PORT 127.0.0.1 WORDS...} against {@code daemon}. */
    private static ClientRun ask(FakeDaemon daemon, String... words) {
        return ask(daemon.port(), List.of(), words);
    }

    /** Runs {@code mediachangec --port PORT OPTIONS... 127.0.0.1 WORDS...} against {@code daemon}. */
    private static ClientRun ask(FakeDaemon daemon, List<String> options, String... words) {
        return ask(daemon.port(), options, words);
    }

    private static ClientRun ask(int port, List<String> options, String... words) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port)));
        args.addAll(options);
        args.add(HOST);
        args.addAll(List.of(words));
        return run(args.toArray(String[]::new));
    }

    private static String problem(String text) {
        return lines("mediachangec: " + text);
    }

    private static String usage(String text) {
        return lines("mediachangec: " + text + " (see 'mediachangec --help')");
    }

    /** The daemon's answer words and the exit code and output each one gives. */
    @Nested
    class Answers {

        @Test
        void okExitsZeroAndPrintsOk() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Ok"))) {
                assertThat(ask(daemon, "Insert tape 3"))
                        .isEqualTo(new ClientRun(0, lines("Ok"), ""));
                assertThat(daemon.awaitRequests(1)).containsExactly("Insert tape 3");
            }
        }

        @Test
        void cancelExitsOne() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Cancel"))) {
                assertThat(ask(daemon, "Insert tape 3"))
                        .isEqualTo(new ClientRun(1, lines("Cancel"), ""));
            }
        }

        @Test
        void crLfAfterTheAnswerIsAccepted() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(raw("Ok\r\n".getBytes(UTF_8)))) {
                assertThat(ask(daemon, "Insert tape 3"))
                        .isEqualTo(new ClientRun(0, lines("Ok"), ""));
            }
        }

        @Test
        void answerWithoutLineEndBeforeCloseIsTaken() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(raw("Cancel".getBytes(UTF_8)))) {
                assertThat(ask(daemon, "Insert tape 3"))
                        .isEqualTo(new ClientRun(1, lines("Cancel"), ""));
            }
        }

        @Test
        void deniedExitsFourAndExplains() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Denied"))) {
                assertThat(ask(daemon, "Insert tape 3")).isEqualTo(new ClientRun(4, lines("Denied"),
                        problem("the daemon at " + daemon.target()
                                + " refused this host (Denied): its --allow list does not include our address")));
            }
        }

        @Test
        void busyExitsFour() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Busy"))) {
                assertThat(ask(daemon, "Insert tape 3")).isEqualTo(new ClientRun(4, lines("Busy"),
                        problem("the daemon at " + daemon.target()
                                + " is busy (too many pending requests); try again later or use --retry-for")));
            }
        }

        @Test
        void timeoutExitsThree() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Timeout"))) {
                assertThat(ask(daemon, "Insert tape 3")).isEqualTo(new ClientRun(3, lines("Timeout"),
                        problem("nobody answered at " + daemon.target()
                                + " before the daemon's answer timeout (Timeout)")));
            }
        }

        @Test
        void errorExitsFourWithTheReason() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Error line too long"))) {
                assertThat(ask(daemon, "Insert tape 3")).isEqualTo(new ClientRun(4, lines("Error line too long"),
                        problem("the daemon at " + daemon.target() + " rejected the request: line too long")));
            }
        }

        @Test
        void unknownAnswerExitsFour() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Yes"))) {
                assertThat(ask(daemon, "Insert tape 3")).isEqualTo(new ClientRun(4, lines("Yes"),
                        problem("unexpected answer from " + daemon.target() + " (not a mediachange answer): 'Yes'")));
            }
        }

        @Test
        void controlCharactersInTheAnswerAreEscaped() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Error \u001B[2J\u202Egone"))) {
                assertThat(ask(daemon, "Insert tape 3")).isEqualTo(new ClientRun(4,
                        lines("Error \\x1B[2J\\u202Egone"),
                        problem("the daemon at " + daemon.target() + " rejected the request: \\x1B[2J\\u202Egone")));
            }
        }

        @Test
        void overlongAnswerExitsFourWithoutPrintingIt() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("x".repeat(2000)))) {
                assertThat(ask(daemon, "Insert tape 3")).isEqualTo(new ClientRun(4, "",
                        problem("unexpected answer from " + daemon.target() + " (answer longer than 1024 bytes): ''")));
            }
        }

        @Test
        void quietPrintsNothingForOk() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Ok"))) {
                assertThat(ask(daemon, List.of("-q"), "Insert tape 3")).isEqualTo(new ClientRun(0, "", ""));
            }
        }

        @Test
        void quietPrintsNothingForCancel() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Cancel"))) {
                assertThat(ask(daemon, List.of("--quiet"), "Insert tape 3")).isEqualTo(new ClientRun(1, "", ""));
            }
        }

        /**
         * Regression: a CR inside an Error reason makes Reply.parse throw, which
         * escapes Exchange and ends as "internal error" with exit 5.
         */
        @Test
        void carriageReturnInsideErrorReasonIsARefusalNotAnInternalError() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Error bad\rreason"))) {
                ClientRun run = ask(daemon, "Insert tape 3");
                assertThat(run.err()).doesNotContain("internal error");
                assertThat(run.exitCode()).isEqualTo(4);
            }
        }
    }

    /** How the arguments or standard input become the one request line. */
    @Nested
    class Message {

        @Test
        void wordsAreJoinedWithSingleSpaces() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Ok"))) {
                assertThat(ask(daemon, "mount", "volume", "3")).isEqualTo(new ClientRun(0, lines("Ok"), ""));
                assertThat(daemon.awaitRequests(1)).containsExactly("mount volume 3");
            }
        }

        @Test
        void lineBreaksInsideArgumentsBecomeSpaces() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Ok"))) {
                assertThat(ask(daemon, "a\nb", "c\r\nd", "e\rf")).isEqualTo(new ClientRun(0, lines("Ok"), ""));
                assertThat(daemon.awaitRequests(1)).containsExactly("a b c d e f");
            }
        }

        @Test
        void nonAsciiTextArrivesAsUtf8() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Ok"))) {
                assertThat(ask(daemon, "Bänd", "3", "–", "日本")).isEqualTo(new ClientRun(0, lines("Ok"), ""));
                assertThat(daemon.awaitRequests(1)).containsExactly("Bänd 3 – 日本");
            }
        }

        @Test
        void dashReadsOneLineFromStandardInput() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Ok"))) {
                ClientRun run = runWithStdin("Bänd 7\nsecond line\n",
                        "--port", Integer.toString(daemon.port()), HOST, "-");
                assertThat(run).isEqualTo(new ClientRun(0, lines("Ok"), ""));
                assertThat(daemon.awaitRequests(1)).containsExactly("Bänd 7");
            }
        }

        @Test
        void dashWithEmptyStandardInputIsAUsageError() throws Exception {
            assertThat(runWithStdin("", "--port", Integer.toString(FakeDaemon.closedPort()), HOST, "-"))
                    .isEqualTo(new ClientRun(2, "", usage("MESSAGE is '-' but standard input is empty")));
        }

        @Test
        void blankMessageIsAUsageError() throws Exception {
            assertThat(ask(FakeDaemon.closedPort(), List.of(), " ", "\t", "\n"))
                    .isEqualTo(new ClientRun(2, "", usage("the message is empty")));
        }
    }

    /** Bad command lines: exit code 2 and one line on stderr. */
    @Nested
    class Usage {

        @Test
        void noArgumentsIsAUsageError() {
            ClientRun run = run();
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isEqualTo(usage("Missing required parameter: 'HOST'"));
        }

        @Test
        void hostWithoutMessageIsAUsageErrorWhenNoDefaultHostIsConfigured() {
            assertThat(run(HOST)).isEqualTo(new ClientRun(2, "", usage("Missing required parameter: 'MESSAGE'"
                    + " (a lone argument is the MESSAGE only when host= is set in mediachangec.properties"
                    + " or ~/.mediachangec.properties)")));
        }

        @Test
        void badDurationIsAUsageError() throws Exception {
            assertThat(ask(FakeDaemon.closedPort(), List.of("--timeout", "5x"), "hello")).isEqualTo(new ClientRun(2, "",
                    usage("Invalid value for option '--timeout': '5x' is not a duration"
                            + " (use e.g. 500ms, 30s, 5m, 2h, 1h30m)")));
        }

        @Test
        void portOutOfRangeIsAUsageError() {
            assertThat(run("--port", "70000", HOST, "hello"))
                    .isEqualTo(new ClientRun(2, "", usage("Invalid value for option '--port': '70000' is not a port number (1-65535)")));
        }

        @Test
        void portZeroIsAUsageError() {
            assertThat(run("--port", "0", HOST, "hello"))
                    .isEqualTo(new ClientRun(2, "", usage("Invalid value for option '--port': '0' is not a port number (1-65535)")));
        }

        @Test
        void unknownOptionIsAUsageError() {
            ClientRun run = run("--frobnicate", HOST, "hello");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.errLines()).singleElement().asString()
                    .startsWith("mediachangec: Unknown option: '--frobnicate'")
                    .endsWith(" (see 'mediachangec --help')");
        }

        @Test
        void helpListsEveryExitCode() {
            ClientRun run = run("--help");
            assertThat(run.exitCode()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).startsWith("Usage: mediachangec ").contains("Exit codes:");
            // The list as one line of words: a long description wraps at the terminal's width.
            String exitCodes = run.out().substring(run.out().indexOf("Exit codes:")).replaceAll("\\s+", " ");
            for (ExitCode code : ExitCode.values()) {
                assertThat(exitCodes).as("help text for exit code %d", code.code())
                        .contains(" " + code.code() + " " + code.description());
            }
            assertThat(ExitCode.values()).extracting(ExitCode::code).containsExactly(0, 1, 2, 3, 4, 5);
        }

        /** Issue 14: the help listed "Error ..." under 4, though "Error shutting down" exits 5. */
        @Test
        void errorShuttingDownIsListedUnderTheCodeItExitsWith() {
            Outcome shutdown = new Outcome.Answered(Reply.error(Reply.SHUTTING_DOWN), "Error shutting down");
            assertThat(ExitCode.of(shutdown)).isEqualTo(ExitCode.UNREACHABLE);
            Outcome otherError = new Outcome.Answered(Reply.error("message too long"), "Error message too long");
            assertThat(ExitCode.of(otherError)).isEqualTo(ExitCode.REFUSED);
            String help = run("--help").out().replaceAll("\\s+", " ");
            String four = help.substring(help.indexOf(" 4 The daemon refused"), help.indexOf(" 5 Could not reach"));
            String five = help.substring(help.indexOf(" 5 Could not reach"));
            assertThat(four).contains("Error ... (except Error shutting down)");
            assertThat(five).contains("(connection lost, Error shutting down) is sent again instead");
        }

        @Test
        void versionPrintsTheProgramNameAndVersion() {
            ClientRun run = run("--version");
            assertThat(run.exitCode()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(VersionProvider.version()).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(run.out()).startsWith(lines("mediachangec " + VersionProvider.version()));
        }

        /**
         * Regression: the parser accepts durations up to 999999999d, but any
         * {@code --timeout} beyond ~292 years overflows in Deadline and ends as
         * "internal error" with exit 5.
         */
        @Test
        void hugeTimeoutIsNotAnInternalError() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Ok"))) {
                assertThat(ask(daemon, List.of("--timeout", "999999999d"), "Insert tape 3"))
                        .isEqualTo(new ClientRun(0, lines("Ok"), ""));
            }
        }
    }

    /** A daemon that is absent, silent, or drops the connection. */
    @Nested
    class Failures {

        @Test
        void silentDaemonAndTimeoutExitsThree() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(silent())) {
                assertThat(ask(daemon, List.of("--timeout", "300ms"), "Insert tape 3")).isEqualTo(new ClientRun(3, "",
                        problem("no answer from " + daemon.target() + " within the time set by --timeout")));
                assertThat(daemon.awaitRequests(1)).containsExactly("Insert tape 3");
            }
        }

        @Test
        void nothingListeningExitsFive() throws Exception {
            int port = FakeDaemon.closedPort();
            ClientRun run = ask(port, List.of(), "Insert tape 3");
            assertThat(run.exitCode()).isEqualTo(5);
            assertThat(run.out()).isEmpty();
            assertThat(run.errLines()).singleElement().asString()
                    .startsWith("mediachangec: cannot reach the daemon at " + HOST + ":" + port + ": ")
                    .containsIgnoringCase("connection refused");
        }
    }

    /** {@code --retry-for}: what is tried again, and what is not. */
    @Nested
    class Retry {

        /** A lost request is sent again whatever --retry-for says (ReconnectTest has the rest). */
        @Test
        void droppedConnectionIsSentAgainAsWithoutRetryFor() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(closeWithoutAnswer(), reply("Ok"))) {
                assertThat(ask(daemon, List.of("--retry-for", "20s"), "Insert tape 3")).isEqualTo(new ClientRun(0,
                        lines("Ok"), lines(
                                "mediachangec: lost the console at " + daemon.target() + " (connection closed"
                                        + " without an answer); re-sending the request when it is back",
                                "mediachangec: the console at " + daemon.target() + " is back; request sent again")));
                assertThat(daemon.awaitRequests(2)).containsExactly("Insert tape 3", "Insert tape 3");
            }
        }

        @Test
        void busyIsRetried() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Busy"), reply("Ok"))) {
                ClientRun run = ask(daemon, List.of("--retry-for", "20s"), "Insert tape 3");
                assertThat(run.exitCode()).isZero();
                assertThat(run.out()).isEqualTo(lines("Ok"));
                assertThat(run.errLines()).singleElement().asString().endsWith("; retrying for up to 20s");
            }
        }

        /**
         * Regression: a --retry-for beyond ~100 years (where Deadline gives up
         * bounding) retried without any pause, some 3,000 connections a second
         * against a Busy daemon; and the longest durations the syntax takes
         * (many 999999999d parts) overflowed to an internal error. The pauses
         * between tries must be the usual 0.25 s, then 0.5 s.
         */
        @ParameterizedTest
        @ValueSource(strings = {"--retry-for 36501d", "--retry-for 999999999d",
            "--retry-for 999999999d --timeout 999999999d",
            "--retry-for LONGEST --timeout LONGEST --connect-timeout LONGEST"})
        void retryingForAsLongAsTheSyntaxAllowsStillPauses(String options) throws Exception {
            String longest = "999999999d".repeat(200); // sums far beyond what Duration and long millis can hold
            List<Long> tries = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.function.Function<String, FakeDaemon.Behaviour> timed = answer -> c -> {
                tries.add(System.nanoTime());
                reply(answer).serve(c);
            };
            try (FakeDaemon daemon = FakeDaemon.start(timed.apply("Busy"), timed.apply("Busy"), timed.apply("Ok"))) {
                ClientRun run = ask(daemon, List.of(options.replace("LONGEST", longest).split(" ")), "Insert tape 3");
                assertThat(run.exitCode()).as(run.err()).isZero();
                assertThat(tries).hasSize(3);
                // Lower bounds only: a try starts after the client has slept its pause.
                assertThat(java.time.Duration.ofNanos(tries.get(1) - tries.get(0)))
                        .isGreaterThanOrEqualTo(Backoff.FIRST);
                assertThat(java.time.Duration.ofNanos(tries.get(2) - tries.get(1)))
                        .isGreaterThanOrEqualTo(Backoff.FIRST.multipliedBy(2));
            }
        }

        @Test
        void refusalIsNotRetried() throws Exception {
            try (FakeDaemon daemon = FakeDaemon.start(reply("Denied"), reply("Ok"))) {
                ClientRun run = ask(daemon, List.of("--retry-for", "20s"), "Insert tape 3");
                assertThat(run.exitCode()).isEqualTo(4);
                assertThat(run.out()).isEqualTo(lines("Denied"));
                assertThat(daemon.requests()).hasSize(1);
            }
        }

        @Test
        void daemonThatStartsListeningLaterIsReached() throws Exception {
            int port = FakeDaemon.closedPort();
            CompletableFuture<FakeDaemon> later = CompletableFuture.supplyAsync(() -> {
                try {
                    return FakeDaemon.on(port, reply("Ok"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
            try {
                ClientRun run = ask(port, List.of("--retry-for", "20s"), "Insert tape 3");
                assertThat(run.exitCode()).isZero();
                assertThat(run.out()).isEqualTo(lines("Ok"));
                assertThat(run.errLines()).singleElement().asString()
                        .startsWith("mediachangec: cannot reach the daemon at " + HOST + ":" + port + ": ")
                        .endsWith("; retrying for up to 20s");
                assertThat(later.get(10, TimeUnit.SECONDS).awaitRequests(1)).containsExactly("Insert tape 3");
            } finally {
                FakeDaemon daemon = later.exceptionally(e -> null).get(10, TimeUnit.SECONDS);
                if (daemon != null) {
                    daemon.close();
                }
            }
        }
    }
}
