package org.mediachange.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mediachange.client.ClientRun.lines;
import static org.mediachange.client.FakeDaemon.closeWithoutAnswer;
import static org.mediachange.client.FakeDaemon.holdUntilWithdrawn;
import static org.mediachange.client.FakeDaemon.reply;
import static org.mediachange.client.FakeDaemon.replyWhen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.common.auth.AuthProtocol;
import org.mediachange.common.auth.SharedKey;

/**
 * {@code mediachangec HOST1,HOST2 MESSAGE} against several {@link FakeDaemon}s
 * on loopback: the first Ok or Cancel wins and the other requests are
 * withdrawn (their connections closed); hosts that are down or refuse are
 * reported while the others keep the request; without an answer the exit code
 * follows the documented precedence (3, then 4, then 5).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SeveralConsolesTest {

    @TempDir
    Path dir;

    /** {@code 127.0.0.1:PORT} of each daemon (or port), joined with commas: the HOST argument. */
    private static String hosts(Object... daemonsOrPorts) {
        List<String> parts = new ArrayList<>();
        for (Object d : daemonsOrPorts) {
            parts.add(d instanceof FakeDaemon f ? f.target() : FakeDaemon.HOST + ":" + d);
        }
        return String.join(",", parts);
    }

    private static String problem(String text) {
        return "mediachangec: " + text;
    }

    @Test
    void okFromOneConsoleWinsAndTheOtherRequestIsWithdrawn() throws Exception {
        CountDownLatch othersAsked = new CountDownLatch(1);
        try (FakeDaemon night = FakeDaemon.start(holdUntilWithdrawn());
                FakeDaemon ops = FakeDaemon.start(replyWhen(othersAsked, "Ok"))) {
            CompletableFuture<ClientRun> run = CompletableFuture.supplyAsync(
                    () -> ClientRun.run(hosts(night, ops), "Load", "tape", "set", "B"));
            assertThat(night.awaitRequests(1)).containsExactly("Load tape set B");
            assertThat(ops.awaitRequests(1)).containsExactly("Load tape set B");
            assertThat(night.withdrawals()).isZero();
            othersAsked.countDown();
            assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(new ClientRun(0, lines("Ok"), ""));
            assertThat(night.awaitWithdrawals(1)).as("the night desk's request withdrawn").isTrue();
            // A reset, which mediachanged takes as a withdrawal at once (an end of stream it must probe).
            assertThat(night.resets()).isEqualTo(1);
        }
    }

    @Test
    void cancelFromOneConsoleWinsToo() throws Exception {
        CountDownLatch othersAsked = new CountDownLatch(1);
        try (FakeDaemon ops = FakeDaemon.start(holdUntilWithdrawn());
                FakeDaemon night = FakeDaemon.start(replyWhen(othersAsked, "Cancel"))) {
            CompletableFuture<ClientRun> run = CompletableFuture.supplyAsync(
                    () -> ClientRun.run("-q", hosts(ops, night), "Load tape set B"));
            ops.awaitRequests(1);
            othersAsked.countDown();
            assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(new ClientRun(1, "", ""));
            assertThat(ops.awaitWithdrawals(1)).isTrue();
        }
    }

    @Test
    void aRefusingConsoleIsReportedAndTheOtherStillAnswers() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        try (FakeDaemon ops = FakeDaemon.start(reply("Denied"));
                FakeDaemon night = FakeDaemon.start(replyWhen(reported, "Ok"))) {
            Background client = new Background(hosts(ops, night), "Load tape set B");
            String line = problem("the daemon at " + ops.target() + " refused this host (Denied): its --allow"
                    + " list does not include our address; still waiting for " + night.target());
            client.awaitErr(line);
            reported.countDown();
            assertThat(client.finish()).isEqualTo(new ClientRun(0, lines("Ok"), lines(line)));
        }
    }

    @Test
    void anUnreachableConsoleIsReportedAndTheOtherStillAnswers() throws Exception {
        int down = FakeDaemon.closedPort();
        CountDownLatch reported = new CountDownLatch(1);
        try (FakeDaemon night = FakeDaemon.start(replyWhen(reported, "Ok"))) {
            Background client = new Background(hosts(down, night), "Load tape set B");
            String start = problem("cannot reach the daemon at " + FakeDaemon.HOST + ":" + down + ": ");
            String end = "; still waiting for " + night.target();
            client.awaitErr(end);
            reported.countDown();
            ClientRun run = client.finish();
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo(lines("Ok"));
            assertThat(run.errLines()).singleElement().asString().startsWith(start).endsWith(end)
                    .containsIgnoringCase("connection refused");
        }
    }

    @Test
    void allDownExitsFiveWithOneLinePerHost() throws Exception {
        int first = FakeDaemon.closedPort();
        int second = FakeDaemon.closedPort();
        ClientRun run = ClientRun.run(hosts(first, second), "Load tape set B");
        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.out()).isEmpty();
        List<String> err = run.errLines();
        assertThat(err).hasSize(2);
        // They fail at about the same time, in either order; the first to fail names the other.
        String firstTarget = FakeDaemon.HOST + ":" + first;
        String secondTarget = FakeDaemon.HOST + ":" + second;
        boolean firstFailedFirst = err.get(0).contains(firstTarget + ":");
        String earlier = firstFailedFirst ? firstTarget : secondTarget;
        String later = firstFailedFirst ? secondTarget : firstTarget;
        assertThat(err.get(0)).startsWith(problem("cannot reach the daemon at " + earlier + ": "))
                .endsWith("; still waiting for " + later);
        assertThat(err.get(1)).startsWith(problem("cannot reach the daemon at " + later + ": "))
                .doesNotContain("still waiting");
    }

    @Test
    void allRefusingExitsFourWithTheFirstRefusalOnStdout() throws Exception {
        try (FakeDaemon ops = FakeDaemon.start(reply("Busy")); FakeDaemon night = FakeDaemon.start(reply("Denied"))) {
            ClientRun run = ClientRun.run(hosts(ops, night), "Load tape set B");
            assertThat(run.exitCode()).isEqualTo(4);
            assertThat(run.out()).isEqualTo(lines("Busy"));
            assertThat(run.errLines()).hasSize(2)
                    .anyMatch(l -> l.startsWith(problem("the daemon at " + ops.target() + " is busy")))
                    .anyMatch(l -> l.startsWith(problem("the daemon at " + night.target() + " refused this host")));
        }
    }

    @Test
    void aDaemonsTimeoutComesBeforeRefusalsAndUnreachableHosts() throws Exception {
        int down = FakeDaemon.closedPort();
        try (FakeDaemon refusing = FakeDaemon.start(reply("Error authentication required"));
                FakeDaemon timingOut = FakeDaemon.start(reply("Timeout"))) {
            ClientRun run = ClientRun.run(hosts(down, refusing, timingOut), "Load tape set B");
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.out()).isEqualTo(lines("Timeout"));
            assertThat(run.errLines()).hasSize(3).anyMatch(l -> l.startsWith(problem("nobody answered at "
                    + timingOut.target() + " before the daemon's answer timeout (Timeout)")));
        }
    }

    @Test
    void aRefusalComesBeforeUnreachableHosts() throws Exception {
        int down = FakeDaemon.closedPort();
        int alsoDown = FakeDaemon.closedPort();
        try (FakeDaemon refusing = FakeDaemon.start(reply("Yes?"))) {
            ClientRun run = ClientRun.run(hosts(down, alsoDown, refusing), "Load tape set B");
            assertThat(run.exitCode()).isEqualTo(4);
            assertThat(run.out()).isEqualTo(lines("Yes?"));
            assertThat(run.errLines()).hasSize(3).anyMatch(l -> l.startsWith(problem("unexpected answer from "
                    + refusing.target() + " (not a mediachange answer): 'Yes?'")));
        }
    }

    @Test
    void aConsoleThatShutsDownIsAskedAgainWhileAnUnreachableOneEnds() throws Exception {
        int down = FakeDaemon.closedPort();
        CountDownLatch reported = new CountDownLatch(1);
        try (FakeDaemon stopping = FakeDaemon.start(reply("Error shutting down"), replyWhen(reported, "Cancel"))) {
            Background client = new Background(hosts(stopping, down), "Load tape set B");
            client.awaitErr("; still waiting for " + stopping.target());
            client.awaitErr(problem("the console at " + stopping.target() + " is back; request sent again"));
            reported.countDown();
            ClientRun run = client.finish();
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEqualTo(lines("Cancel"));
            assertThat(run.errLines()).hasSize(3).contains(
                    problem("lost the console at " + stopping.target() + " (it is shutting down);"
                            + " re-sending the request when it is back"),
                    problem("the console at " + stopping.target() + " is back; request sent again"));
            assertThat(stopping.awaitRequests(2)).containsExactly("Load tape set B", "Load tape set B");
        }
    }

    @Test
    void aConsoleThatDropsTheRequestIsAskedAgainAndWinsWhileTheOtherKeepsItsOwn() throws Exception {
        try (FakeDaemon night = FakeDaemon.start(holdUntilWithdrawn());
                FakeDaemon ops = FakeDaemon.start(closeWithoutAnswer(), reply("Ok"))) {
            ClientRun run = ClientRun.run(hosts(night, ops), "Load tape set B");
            assertThat(run).isEqualTo(new ClientRun(0, lines("Ok"), lines(
                    problem("lost the console at " + ops.target() + " (connection closed without an answer);"
                            + " re-sending the request when it is back"),
                    problem("the console at " + ops.target() + " is back; request sent again"))));
            assertThat(ops.awaitRequests(2)).containsExactly("Load tape set B", "Load tape set B");
            assertThat(night.awaitWithdrawals(1)).isTrue();
            assertThat(night.requests()).as("the night desk kept its request, never asked again")
                    .containsExactly("Load tape set B");
        }
    }

    @Test
    void aConsoleThatStopsListeningForAWhileIsAskedAgainWhenItIsBack() throws Exception {
        try (FakeDaemon night = FakeDaemon.start(holdUntilWithdrawn())) {
            FakeDaemon ops = FakeDaemon.start(FakeDaemon.silent());
            int port = ops.port();
            String target = ops.target();
            Background client;
            try (ops) {
                client = new Background(hosts(night, ops), "Load tape set B");
                ops.awaitRequests(1);
                night.awaitRequests(1);
            } // the operators' room goes down, its connection with it
            client.awaitErr(problem("lost the console at " + target));
            try (FakeDaemon back = FakeDaemon.on(port, reply("Ok"))) {
                ClientRun run = client.finish();
                assertThat(run.exitCode()).isZero();
                assertThat(run.out()).isEqualTo(lines("Ok"));
                assertThat(run.errLines()).hasSize(2);
                assertThat(run.errLines().get(0)).startsWith(problem("lost the console at " + target + " ("))
                        .endsWith("); re-sending the request when it is back");
                assertThat(run.errLines().get(1)).isEqualTo(problem("the console at " + target
                        + " is back; request sent again"));
                assertThat(back.awaitRequests(1)).containsExactly("Load tape set B");
            }
            assertThat(night.awaitWithdrawals(1)).isTrue();
            assertThat(night.requests()).containsExactly("Load tape set B");
        }
    }

    @Test
    void theClientsTimeoutEndsTheWaitForEveryHostAndWithdrawsEveryRequest() throws Exception {
        try (FakeDaemon ops = FakeDaemon.start(holdUntilWithdrawn());
                FakeDaemon night = FakeDaemon.start(holdUntilWithdrawn())) {
            ClientRun run = ClientRun.run("--timeout", "1s", hosts(ops, night), "Load tape set B");
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.out()).isEmpty();
            assertThat(run.errLines()).containsExactlyInAnyOrder(
                    problem("no answer from " + ops.target() + " within the time set by --timeout"),
                    problem("no answer from " + night.target() + " within the time set by --timeout"));
            assertThat(ops.awaitWithdrawals(1)).isTrue();
            assertThat(night.awaitWithdrawals(1)).isTrue();
        }
    }

    @Test
    void retryForBringsBackAHostThatWasDownWhileTheOtherKeepsTheRequest() throws Exception {
        int port = FakeDaemon.closedPort();
        try (FakeDaemon night = FakeDaemon.start(holdUntilWithdrawn())) {
            Background client = new Background("--retry-for", "20s", hosts(port, night), "Load tape set B");
            client.awaitErr("; retrying for up to 20s");
            try (FakeDaemon ops = FakeDaemon.on(port, reply("Ok"))) {
                ClientRun run = client.finish();
                assertThat(run.exitCode()).isZero();
                assertThat(run.out()).isEqualTo(lines("Ok"));
                assertThat(run.errLines()).singleElement().asString()
                        .startsWith(problem("cannot reach the daemon at " + FakeDaemon.HOST + ":" + port + ": "))
                        .endsWith("; retrying for up to 20s");
                assertThat(ops.awaitRequests(1)).containsExactly("Load tape set B");
            }
            assertThat(night.awaitRequests(1)).containsExactly("Load tape set B");
            assertThat(night.awaitWithdrawals(1)).isTrue();
        }
    }

    @Test
    void retryForTriesABusyHostAgain() throws Exception {
        try (FakeDaemon night = FakeDaemon.start(holdUntilWithdrawn());
                FakeDaemon ops = FakeDaemon.start(reply("Busy"), reply("Cancel"))) {
            ClientRun run = ClientRun.run("--retry-for", "20s", hosts(ops, night), "Load tape set B");
            assertThat(run).isEqualTo(new ClientRun(1, lines("Cancel"), lines(problem("the daemon at "
                    + ops.target() + " is busy (too many pending requests); try again later or use --retry-for"
                    + "; retrying for up to 20s"))));
            assertThat(ops.awaitRequests(2)).hasSize(2);
            assertThat(night.awaitWithdrawals(1)).isTrue();
        }
    }

    @Test
    void aHostWhoseRetryWindowEndsIsReportedWhileTheOtherStillWaits() throws Exception {
        int down = FakeDaemon.closedPort();
        CountDownLatch reported = new CountDownLatch(1);
        try (FakeDaemon night = FakeDaemon.start(replyWhen(reported, "Ok"))) {
            Background client = new Background("--retry-for", "1s", hosts(down, night), "Load tape set B");
            client.awaitErr("; still waiting for " + night.target());
            reported.countDown();
            ClientRun run = client.finish();
            assertThat(run.exitCode()).isZero();
            assertThat(run.errLines()).hasSize(2);
            assertThat(run.errLines().get(0)).endsWith("; retrying for up to 1s");
            assertThat(run.errLines().get(1)).startsWith(problem("cannot reach the daemon at " + FakeDaemon.HOST
                    + ":" + down + ": ")).endsWith("; still waiting for " + night.target());
        }
    }

    @Test
    void signedRequestsCarryTheirOwnNonceToEachHost() throws Exception {
        String keyText = "0123456789abcdef0123456789abcdef";
        SharedKey key = SharedKey.of(keyText.getBytes(UTF_8));
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, keyText + "\n", UTF_8);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        CountDownLatch othersAsked = new CountDownLatch(1);
        try (FakeDaemon night = FakeDaemon.start(holdUntilWithdrawn());
                FakeDaemon ops = FakeDaemon.start(c -> {
                    AuthProtocol.SignedRequest r = AuthProtocol.parseRequest(c.readRequest()).orElseThrow();
                    othersAsked.await(10, TimeUnit.SECONDS);
                    c.write((AuthProtocol.signAnswer(key, r, "Ok") + "\n").getBytes(UTF_8));
                })) {
            CompletableFuture<ClientRun> run = CompletableFuture.supplyAsync(() -> ClientRun.run(
                    "--key-file", keyFile.toString(), hosts(night, ops), "Load tape set B"));
            AuthProtocol.SignedRequest toNight = AuthProtocol.parseRequest(night.awaitRequests(1).get(0)).orElseThrow();
            AuthProtocol.SignedRequest toOps = AuthProtocol.parseRequest(ops.awaitRequests(1).get(0)).orElseThrow();
            othersAsked.countDown();
            assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(new ClientRun(0, lines("Ok"), ""));
            assertThat(toNight.macValid(key)).isTrue();
            assertThat(toOps.macValid(key)).isTrue();
            assertThat(toNight.message()).isEqualTo("Load tape set B");
            assertThat(toNight.nonce()).isNotEqualTo(toOps.nonce());
            assertThat(night.awaitWithdrawals(1)).isTrue();
        }
    }

    @Test
    void anUnsignedOkDoesNotWinASignedRequest() throws Exception {
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, "0123456789abcdef0123456789abcdef\n", UTF_8);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        try (FakeDaemon forger = FakeDaemon.start(reply("Ok"))) {
            ClientRun run = ClientRun.run("--key-file", keyFile.toString(), hosts(forger, FakeDaemon.closedPort()),
                    "Load tape set B");
            assertThat(run.exitCode()).isEqualTo(4);
            assertThat(run.errLines()).anyMatch(l -> l.contains("unsigned answer, but we sent a signed request"));
        }
    }

    @Test
    void eachHostMayNameItsOwnPortAndIpv6Works() throws Exception {
        CountDownLatch othersAsked = new CountDownLatch(1);
        try (FakeDaemon v4 = FakeDaemon.start(holdUntilWithdrawn());
                FakeDaemon v6 = FakeDaemon.on(InetAddress.getByName("::1"), 0, replyWhen(othersAsked, "Ok"))) {
            // -p names a port where nothing listens: each host's own port must be used.
            CompletableFuture<ClientRun> run = CompletableFuture.supplyAsync(() -> ClientRun.run("-p",
                    Integer.toString(closedPortUnchecked()), v4.target() + ",[::1]:" + v6.port(), "Load tape set B"));
            v4.awaitRequests(1);
            v6.awaitRequests(1);
            othersAsked.countDown();
            assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(new ClientRun(0, lines("Ok"), ""));
            assertThat(v4.awaitWithdrawals(1)).isTrue();
        }
    }

    @Test
    void aSingleHostMayNameItsPort() throws Exception {
        try (FakeDaemon ops = FakeDaemon.start(reply("Ok"));
                FakeDaemon v6 = FakeDaemon.on(InetAddress.getByName("::1"), 0, reply("Cancel"))) {
            assertThat(ClientRun.run(ops.target(), "m")).isEqualTo(new ClientRun(0, lines("Ok"), ""));
            assertThat(ClientRun.run("[::1]:" + v6.port(), "m")).isEqualTo(new ClientRun(1, lines("Cancel"), ""));
        }
        int down = FakeDaemon.closedPort();
        ClientRun run = ClientRun.run("[::1]:" + down, "m");
        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith(problem("cannot reach the daemon at [::1]:" + down + ": "));
    }

    @Test
    void theSameHostNamedTwiceIsAskedOnce() throws Exception {
        int down = FakeDaemon.closedPort();
        String target = FakeDaemon.HOST + ":" + down;
        // Asked twice, the two failures would make two lines, the first "still waiting for" the other.
        ClientRun run = ClientRun.run("-p", Integer.toString(down), FakeDaemon.HOST + "," + target, "m");
        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith(problem("cannot reach the daemon at " + target + ": ")).doesNotContain("waiting");
    }

    private static int closedPortUnchecked() {
        try {
            return FakeDaemon.closedPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
