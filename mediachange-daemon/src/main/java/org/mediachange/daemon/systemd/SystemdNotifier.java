package org.mediachange.daemon.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.mediachange.common.text.Escaper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) for a {@code Type=notify} service: {@code READY=1},
 * {@code STATUS=}, {@code WATCHDOG=1} and {@code STOPPING=1}, sent as
 * datagrams to the socket named by {@code NOTIFY_SOCKET}. Without that
 * variable (started by hand, by the init script, or by a unit of another
 * type) it does nothing. A message that cannot be sent is logged, once as a
 * warning, and never stops the daemon.
 */
public final class SystemdNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    /** The variable systemd sets to its notification socket. */
    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    /** The variable systemd sets to the watchdog's timeout with {@code WatchdogSec=}, in microseconds. */
    public static final String WATCHDOG_USEC = "WATCHDOG_USEC";
    /** The variable naming the process the watchdog is meant for. */
    public static final String WATCHDOG_PID = "WATCHDOG_PID";

    private final NotifySocket socket;
    private final Duration watchdog;
    private boolean warned;

    private SystemdNotifier(NotifySocket socket, Duration watchdog) {
        this.socket = socket;
        this.watchdog = watchdog;
    }

    /** A notifier that does nothing: not under systemd. */
    public static SystemdNotifier none() {
        return new SystemdNotifier(null, null);
    }

    /** A notifier for the environment {@code env}: systemd's socket if it names one, else none. */
    public static SystemdNotifier fromEnvironment(Map<String, String> env) {
        String path = env.get(NOTIFY_SOCKET);
        if (path == null || path.isEmpty()) {
            return none();
        }
        try {
            return new SystemdNotifier(UnixDatagramSocket.to(path), watchdog(env).orElse(null));
        } catch (IOException e) {
            LOG.error("cannot notify systemd at {}={} ({}): Type=notify units will not see the daemon start",
                    NOTIFY_SOCKET, Escaper.forLog(path), Escaper.forLog(String.valueOf(e.getMessage())));
            return none();
        }
    }

    /** The watchdog timeout systemd set for this process, if it set one. */
    static Optional<Duration> watchdog(Map<String, String> env) {
        String usec = env.get(WATCHDOG_USEC);
        String pid = env.get(WATCHDOG_PID);
        try {
            if (usec == null || pid != null && Long.parseLong(pid.strip()) != ProcessHandle.current().pid()) {
                return Optional.empty();
            }
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            LOG.warn("ignoring {}={}: not a number", WATCHDOG_USEC, Escaper.forLog(usec));
            return Optional.empty();
        }
    }

    /** Whether messages go anywhere. */
    public boolean enabled() {
        return socket != null;
    }

    /** The watchdog's timeout, when systemd expects {@code WATCHDOG=1} messages. */
    public Optional<Duration> watchdogTimeout() {
        return Optional.ofNullable(watchdog);
    }

    /** The service is up: its ports listen. */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + Escaper.forDisplay(status));
    }

    /** A new status line. */
    public void status(String status) {
        send("STATUS=" + Escaper.forDisplay(status));
    }

    /** The daemon is alive: feeds the watchdog. */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    /** The daemon is stopping. */
    public void stopping() {
        send("STOPPING=1\nSTATUS=stopping");
    }

    private void send(String message) {
        if (socket == null) {
            return;
        }
        try {
            socket.send(message);
        } catch (IOException e) {
            synchronized (this) {
                if (!warned) {
                    warned = true;
                    LOG.warn("cannot notify systemd: {}", Escaper.forLog(String.valueOf(e.getMessage())));
                    return;
                }
            }
            LOG.debug("cannot notify systemd: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
