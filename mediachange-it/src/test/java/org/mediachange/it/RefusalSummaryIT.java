package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * The real daemon's audit log under a flood of refused connections: past the
 * rate the refusals are summarised, and a summary still being counted is
 * written when the daemon is stopped (SIGTERM), not lost with it.
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class})
@Timeout(120)
class RefusalSummaryIT {

    private static final int FLOOD = 30;
    private static final Pattern OWN = Pattern.compile(" outcome=denied peer=127\\.0\\.0\\.1 port=\\d+ seconds=");
    private static final Pattern SUMMARY =
            Pattern.compile(" outcome=denied peer=127\\.0\\.0\\.1 suppressed=(\\d+) seconds=\\d+\\.\\d{3}$");

    @Test
    void floodOfDeniedIsSummarisedAndTheSummaryIsWrittenAtShutdown(Outside outside) throws Exception {
        try (Outside.Daemon d = outside.daemon("--allow", "127.0.0.2")) {
            for (int i = 0; i < FLOOD; i++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), d.port()), 5000);
                    s.setSoTimeout(10_000);
                    assertThat(new String(s.getInputStream().readAllBytes(), UTF_8)).isEqualTo("Denied\n");
                }
            }
            // Stopped at once, well within the 10 s window: only the shutdown can write the summary.
            d.process().process().destroy();
            assertThat(d.process().exitCode(30)).isNotNegative();
            List<String> lines = d.process().stdout().lines().toList();
            long own = lines.stream().filter(l -> OWN.matcher(l).find()).count();
            long suppressed = 0;
            int summaries = 0;
            for (String line : lines) {
                Matcher m = SUMMARY.matcher(line);
                if (m.find()) {
                    suppressed += Long.parseLong(m.group(1));
                    summaries++;
                }
            }
            // 10 lines a source per 10 s window (one window, unless connecting took over 10 s).
            assertThat(own).as("refusals with a line of their own").isLessThan(FLOOD);
            assertThat(summaries).as("summary lines in %s", lines).isPositive();
            assertThat(own + suppressed).as("refusals accounted for in %s", lines).isEqualTo(FLOOD);
        }
    }
}
