package org.mediachange.daemon.systemd;

import java.time.Duration;
import org.mediachange.daemon.health.Health;

/**
 * The line {@code systemctl status mediachanged} shows (sd_notify's
 * {@code STATUS=}): "2 requests waiting, oldest 47 min", "no requests
 * waiting", and what is wrong when the daemon is degraded.
 */
final class StatusLine {

    private StatusLine() {
    }

    /** The status line for {@code report}. */
    static String of(Health.Report report) {
        int n = report.pending();
        String line = n == 0 ? "no requests waiting"
                : n + (n == 1 ? " request" : " requests") + " waiting, oldest " + age(report.oldestWait());
        if (!report.healthy()) {
            line += "; " + String.join("; ", report.problems());
        }
        return line;
    }

    /** "under 1 min", "47 min", "3 h 05 min", "2 d 3 h": changes once a minute at most. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return "under 1 min";
        }
        long min = s / 60;
        if (min < 60) {
            return min + " min";
        }
        long h = min / 60;
        if (h < 48) {
            return h + " h " + String.format(java.util.Locale.ROOT, "%02d", min % 60) + " min";
        }
        return h / 24 + " d " + h % 24 + " h";
    }
}
