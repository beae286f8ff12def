package org.mediachange.client.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code mediachangectl status} prints for the console's {@code /api/health} (docs/CTL.md, "status"). */
class StatusLinesTest {

    @Test
    void healthyWithADisplayAndWaitingRequests() {
        Api.Health h = new Api.Health("healthy", List.of(), "0.1.0", "2026-12-07T06:27:52Z", 11_530, "ready", ":0",
                true, 2, 2820);
        assertThat(StatusCommand.lines(h)).containsExactly("mediachanged 0.1.0: healthy", "up 3h12m",
                "dialog: ready on DISPLAY=:0, display answering", "pending: 2, the oldest waiting for 47m00s");
        assertThat(h.healthy()).isTrue();
    }

    @Test
    void degradedSaysWhyAndADaemonWithoutDialogSaysOff() {
        Api.Health h = new Api.Health("degraded", List.of("no X server answers at DISPLAY=:0"), "0.1.0", null, 42,
                "waiting-for-display", ":0", false, 0, 0);
        assertThat(StatusCommand.lines(h)).containsExactly("mediachanged 0.1.0: degraded",
                "problem: no X server answers at DISPLAY=:0", "up 42s",
                "dialog: waiting-for-display on DISPLAY=:0, display not answering", "pending: 0");
        assertThat(h.healthy()).isFalse();
        Api.Health off = new Api.Health("healthy", List.of(), "0.1.0", null, 5, "off", null, null, 0, 0);
        assertThat(StatusCommand.lines(off)).contains("dialog: off");
    }

    @Test
    void textFromTheConsoleIsEscaped() {
        Api.Health h = new Api.Health("degraded", List.of("bad\u001b[2J\nline"), "1\u202e", null, 1, "ready\r",
                ":0\u0007", true, 0, 0);
        for (String line : StatusCommand.lines(h)) {
            assertThat(line).doesNotContainPattern("[\\p{Cc}\\u202e]");
        }
    }
}
