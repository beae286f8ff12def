package org.mediachange.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.health.Health;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.testing.NotifyReceiver;
import org.mediachange.daemon.testing.Peer;
import org.mediachange.daemon.testing.RequiresPython;
import org.mediachange.daemon.testing.RunningServer;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

/**
 * sd_notify through JNA to a stand-in for systemd's socket (a Python program
 * bound to an AF_UNIX datagram socket): READY, STATUS lines that follow the
 * requests, and WATCHDOG=1 only while the real accept loop comes round: a loop
 * that is stopped, or hangs (here in a log call that blocks), stops feeding
 * the watchdog, and one that recovers feeds it again.
 */
@ExtendWith(RequiresPython.class)
@Timeout(120)
class ServiceStatusTest {

    /** The watchdog timeout systemd would set: pings every 0.3 s. */
    private static final String WATCHDOG_USEC = "600000";
    private static final Duration STALE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void readyThenStatusLinesThatFollowTheRequestsAndTheWatchdogThenStopping() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.start(dir);
                RunningServer server = RunningServer.start(ScriptedOperator.holding())) {
            SystemdNotifier notifier = notifier(systemd);
            ServiceStatus status = status(notifier, server);
            notifier.ready("listening on port " + server.port());
            status.start();
            systemd.await(("READY=1|STATUS=listening on port " + server.port())::equals, 10, "READY");
            systemd.await("STATUS=no requests waiting"::equals, 10, "the idle status");
            systemd.await("WATCHDOG=1"::equals, 10, "a watchdog ping");
            try (Peer p = Peer.connect(server.port()).send("Please mount volume 3\n")) {
                systemd.await("STATUS=1 request waiting, oldest under 1 min"::equals, 10, "the status with a request");
                try (Peer q = Peer.connect(server.port()).send("Please mount volume 4\n")) {
                    systemd.await("STATUS=2 requests waiting, oldest under 1 min"::equals, 10, "two requests");
                }
            }
            int busy = systemd.messages().indexOf("STATUS=2 requests waiting, oldest under 1 min");
            systemd.await(m -> m.equals("STATUS=no requests waiting") && systemd.messages().lastIndexOf(m) > busy,
                    15, "the idle status again once the clients left");
            status.close();
            systemd.await("STOPPING=1|STATUS=stopping"::equals, 10, "STOPPING");
            assertThat(systemd.messages().get(0)).startsWith("READY=1");
            notifier.close();
        }
    }

    @Test
    void aStoppedAcceptLoopStopsFeedingTheWatchdogWhileTheStatusGoesOn() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.start(dir);
                RunningServer server = RunningServer.start(ScriptedOperator.holding())) {
            SystemdNotifier notifier = notifier(systemd);
            ServiceStatus status = status(notifier, server);
            notifier.ready("listening");
            status.start();
            awaitPings(systemd, 3);
            long stopped = System.nanoTime();
            server.loop().stop(); // the test hook: the real loop, stopped
            Thread.sleep(STALE.toMillis() + 3000);
            long last = lastPing(systemd);
            assertThat(TimeUnit.NANOSECONDS.toMillis(last - stopped)).as("no ping once the loop stopped")
                    .isLessThan(500);
            status.close();
            notifier.close();
        }
    }

    @Test
    void anAcceptLoopHungInALogCallStopsFeedingTheWatchdogUntilItComesRoundAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        AuditLog audit = new AuditLog(new BlockingLogger(blocked, release));
        try (NotifyReceiver systemd = NotifyReceiver.start(dir);
                RunningServer server = RunningServer.start(ScriptedOperator.holding(),
                        RunningServer.config(AllowList.parse(List.of("127.0.0.1"))), audit)) {
            SystemdNotifier notifier = notifier(systemd);
            ServiceStatus status = status(notifier, server);
            notifier.ready("listening");
            status.start();
            awaitPings(systemd, 3);
            // A peer the allow list refuses: the loop writes its audit line itself, and that call hangs.
            Peer denied = Peer.connect(InetAddress.getLoopbackAddress(), server.port(),
                    InetAddress.getByName("127.0.0.2"));
            assertThat(blocked.await(10, TimeUnit.SECONDS)).as("the loop reached the log call").isTrue();
            long hung = System.nanoTime();
            Thread.sleep(STALE.toMillis() + 3000);
            long last = lastPing(systemd);
            assertThat(TimeUnit.NANOSECONDS.toMillis(last - hung)).as("pings stop within the stale limit")
                    .isLessThan(STALE.toMillis() + 500);
            int before = systemd.messages().size();
            release.countDown();
            assertThat(denied.readAll()).isEqualTo("Denied\n");
            denied.close();
            systemd.await(m -> m.equals("WATCHDOG=1") && systemd.messages().lastIndexOf(m) >= before, 10,
                    "pings again once the loop came round");
            status.close();
            notifier.close();
        }
    }

    private static SystemdNotifier notifier(NotifyReceiver systemd) {
        SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of(SystemdNotifier.NOTIFY_SOCKET,
                systemd.path().toString(), SystemdNotifier.WATCHDOG_USEC, WATCHDOG_USEC));
        assertThat(n.enabled()).isTrue();
        assertThat(n.watchdogTimeout()).hasValue(Duration.ofMillis(600));
        return n;
    }

    private static ServiceStatus status(SystemdNotifier notifier, RunningServer server) {
        Health health = new Health(server.loop().board(), null, Instant.now(), "test", false);
        return ServiceStatus.create(notifier, health::report, server.loop().board(), server.loop(), STALE);
    }

    private static void awaitPings(NotifyReceiver systemd, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (systemd.messages().stream().filter("WATCHDOG=1"::equals).count() < n) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("fewer than " + n + " pings: " + systemd.messages());
            }
            Thread.sleep(20);
        }
    }

    private static long lastPing(NotifyReceiver systemd) {
        List<String> m = systemd.messages();
        List<Long> at = systemd.arrivals();
        for (int i = m.size() - 1; i >= 0; i--) {
            if (m.get(i).equals("WATCHDOG=1")) {
                return at.get(i);
            }
        }
        throw new AssertionError("no ping at all");
    }

    /** An audit logger whose info() hangs until released, as one writing to a full disk or pipe may. */
    private static final class BlockingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient CountDownLatch blocked;
        private final transient CountDownLatch release;

        BlockingLogger(CountDownLatch blocked, CountDownLatch release) {
            this.blocked = blocked;
            this.release = release;
            this.name = "blocking-audit";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                Object[] arguments, Throwable throwable) {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
