package org.mediachange.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.testing.AuditCapture;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RunningServer;

/** The daemon's answers over real loopback sockets, with a scripted operator in place of the dialog. */
@Timeout(30)
class AcceptLoopTest {

    @RegisterExtension
    final AuditCapture audit = new AuditCapture();

    @Test
    void okFromTheOperatorIsSentBackAsOk() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = RunningServer.start(operator);
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("Please mount volume 3\n").readAll()).isEqualTo("Ok\n");
            assertThat(operator.shown()).singleElement().satisfies(s -> {
                assertThat(s.request().message()).isEqualTo("Please mount volume 3");
                assertThat(s.request().peer()).isEqualTo("127.0.0.1");
            });
            assertThat(audit.await(1, 5)).singleElement().asString()
                    .startsWith("outcome=ok peer=127.0.0.1 ")
                    .contains("msg=\"Please mount volume 3\"");
        }
    }

    @Test
    void cancelFromTheOperatorIsSentBackAsCancel() throws Exception {
        try (RunningServer server = RunningServer.start(ScriptedOperator.always(Decision.CANCEL));
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("Tape full\n").readAll()).isEqualTo("Cancel\n");
            assertThat(audit.await(1, 5)).singleElement().asString().startsWith("outcome=cancel ");
        }
    }

    @Test
    void peerOutsideTheAllowListIsDeniedWithoutReachingTheOperator() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        AllowList tenOnly = AllowList.parse(List.of("10.0.0.0/8"));
        try (RunningServer server = RunningServer.start(operator, RunningServer.config(tenOnly));
                Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("let me in\n").readAll()).isEqualTo("Denied\n");
            assertThat(operator.shown()).isEmpty();
            assertThat(audit.await(1, 5)).singleElement().asString()
                    .startsWith("outcome=denied peer=127.0.0.1 ")
                    .doesNotContain("let me in");
        }
    }

    @Test
    void deniedPeerIsAnsweredBeforeSendingAnythingAndCausesNoLookup() throws Exception {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        HostNames counting = address -> {
            lookups.incrementAndGet();
            return java.util.concurrent.CompletableFuture.completedFuture("looked-up");
        };
        ServerConfig tenOnly = RunningServer.config(AllowList.parse(List.of("10.0.0.0/8")));
        AcceptLoop loop = AcceptLoop.bind(tenOnly, counting, new org.mediachange.daemon.audit.AuditLog(),
                new RequestBoard());
        Thread t = loop.start();
        try (Peer peer = Peer.connect(loop.localAddress().getPort())) {
            // Nothing sent at all: the verdict must not depend on reading.
            assertThat(peer.readAll()).isEqualTo("Denied\n");
            assertThat(lookups.get()).isZero();
        } finally {
            loop.stop();
            t.join(5000);
        }
    }

    @Test
    void ncStyleClientWithCrLfGetsItsAnswer() throws Exception {
        // What `printf 'msg\r\n' | nc host 8979` sends: the line and nothing else, connection left open.
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = RunningServer.start(operator); Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("from nc\r\n").readAll()).isEqualTo("Ok\n");
            assertThat(operator.shown().get(0).request().message()).isEqualTo("from nc");
        }
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersInsteadOfLosingTheRequest() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = RunningServer.start(operator); Peer peer = Peer.connect(server.port())) {
            byte[] line = {'v', 'o', 'l', ' ', (byte) 0xFF, ' ', (byte) 0xC3, '(', '\n'};
            assertThat(peer.sendBytes(line).readAll()).isEqualTo("Ok\n");
            assertThat(operator.shown().get(0).request().message()).isEqualTo("vol \uFFFD \uFFFD(");
        }
    }

    @Test
    void utf8MessagesArriveIntact() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        try (RunningServer server = RunningServer.start(operator); Peer peer = Peer.connect(server.port())) {
            assertThat(peer.send("Bänd 3 – テープ\n").readAll()).isEqualTo("Ok\n");
            assertThat(operator.shown().get(0).request().message()).isEqualTo("Bänd 3 – テープ");
        }
    }

    @Test
    void twentyClientsAtOnceEachGetTheirOwnAnswer() throws Exception {
        int n = 20;
        ScriptedOperator operator = ScriptedOperator.holding();
        ServerConfig roomy = RunningServer.loopback().allowList(AllowList.parse(List.of("127.0.0.0/8")))
                .maxPending(64).maxPerSource(64).build();
        ExecutorService clients = Executors.newFixedThreadPool(n);
        try (RunningServer server = RunningServer.start(operator, roomy)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String msg = "request " + i;
                answers.add(clients.submit(() -> {
                    try (Peer p = Peer.connect(server.port())) {
                        return p.send(msg + "\n").readAll();
                    }
                }));
            }
            // All twenty are pending at once before anyone is answered; then answer in reverse order.
            List<ScriptedOperator.Shown> pending = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pending.add(operator.next(10));
            }
            assertThat(server.loop().pendingCount()).isEqualTo(n);
            for (int i = n - 1; i >= 0; i--) {
                ScriptedOperator.Shown s = pending.get(i);
                int k = Integer.parseInt(s.request().message().substring("request ".length()));
                s.answer(k % 2 == 0 ? Decision.OK : Decision.CANCEL);
            }
            for (int i = 0; i < n; i++) {
                assertThat(answers.get(i).get()).as("client %d", i).isEqualTo(i % 2 == 0 ? "Ok\n" : "Cancel\n");
            }
            assertThat(audit.await(n, 5)).hasSize(n);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void ipv6LoopbackIsServedWhenAllowed() throws Exception {
        ScriptedOperator operator = ScriptedOperator.always(Decision.OK);
        ServerConfig v6 = RunningServer.loopback().bindAddress(InetAddress.getByName("::1"))
                .allowList(AllowList.parse(List.of("::1"))).build();
        try (RunningServer server = RunningServer.start(operator, v6);
                Peer peer = Peer.connect(InetAddress.getByName("::1"), server.port())) {
            assertThat(peer.send("over IPv6\n").readAll()).isEqualTo("Ok\n");
            assertThat(operator.shown().get(0).request().peer()).isEqualTo("::1");
        }
    }
}
