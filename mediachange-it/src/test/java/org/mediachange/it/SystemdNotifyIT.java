package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.testing.NotifyReceiver;
import org.mediachange.daemon.testing.RequiresDisplay;
import org.mediachange.daemon.testing.RequiresPython;

/**
 * {@code Type=notify} from the outside (issue 19): scripts/mediachanged started
 * as systemd would start it, with {@code NOTIFY_SOCKET} naming a stand-in
 * socket and {@code WATCHDOG_USEC} set, says READY=1 once it listens, keeps a
 * STATUS line that follows its requests, feeds the watchdog, and says
 * STOPPING=1 on SIGTERM. A real systemd is not tried: PID 1 here is not
 * systemd, so neither {@code systemd-run --user} nor a system unit can run.
 * The watchdog stopping when the accept loop hangs is ServiceStatusTest's.
 */
@ExtendWith({RequiresDisplay.class, RequiresTools.class, RequiresPython.class})
@Timeout(120)
class SystemdNotifyIT {

    @TempDir
    Path work;

    @Test
    void readyStatusWatchdogAndStoppingReachTheNotifySocket() throws Exception {
        Outside outside = new Outside(work);
        try (NotifyReceiver systemd = NotifyReceiver.start(work)) {
            Outside.Daemon daemon = outside.daemon(Map.of("NOTIFY_SOCKET", systemd.path().toString(),
                    "WATCHDOG_USEC", "2000000"), "--allow", "127.0.0.0/8");
            try (daemon) {
                systemd.await(("READY=1|STATUS=listening on port " + daemon.port())::equals, 20, "READY");
                assertThat(systemd.messages().get(0)).as("READY first").startsWith("READY=1");
                systemd.await("STATUS=no requests waiting"::equals, 20, "the idle status");
                systemd.await("WATCHDOG=1"::equals, 20, "a watchdog ping");
                try (Launched client = outside.client("127.0.0.1", "-p", Integer.toString(daemon.port()),
                        "Please mount volume 9")) {
                    systemd.await("STATUS=1 request waiting, oldest under 1 min"::equals, 20, "the request's status");
                    outside.answer("Return");
                    assertThat(client.exitCode(30)).isZero();
                }
                int busy = systemd.messages().indexOf("STATUS=1 request waiting, oldest under 1 min");
                systemd.await(m -> m.equals("STATUS=no requests waiting") && systemd.messages().lastIndexOf(m) > busy,
                        20, "idle again");
                long pings = systemd.messages().stream().filter("WATCHDOG=1"::equals).count();
                assertThat(pings).as("pings every second (half of WATCHDOG_USEC)").isGreaterThanOrEqualTo(2);
                daemon.process().process().destroy(); // SIGTERM, as systemctl stop
                assertThat(daemon.process().exitCode(20)).isEqualTo(143);
            }
            systemd.await("STOPPING=1|STATUS=stopping"::equals, 10, "STOPPING");
        }
    }

    @Test
    void aWatchdogMeantForAnotherProcessIsNotFed() throws Exception {
        Outside outside = new Outside(work);
        try (NotifyReceiver systemd = NotifyReceiver.start(work)) {
            try (Outside.Daemon daemon = outside.daemon(Map.of("NOTIFY_SOCKET", systemd.path().toString(),
                    "WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "1"), "--allow", "127.0.0.0/8")) {
                systemd.await(m -> m.startsWith("READY=1"), 20, "READY");
                Thread.sleep(3000);
                assertThat(systemd.messages()).doesNotContain("WATCHDOG=1").contains("STATUS=no requests waiting");
                assertThat(daemon.process().process().isAlive()).isTrue();
            }
        }
    }
}
