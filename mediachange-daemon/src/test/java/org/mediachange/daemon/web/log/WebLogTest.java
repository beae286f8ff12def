package org.mediachange.daemon.web.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.mediachange.daemon.testing.LogCapture;

/** Every value the web console logs comes out escaped as the audit line's are, whatever its type. */
class WebLogTest {

    private static final String FORGED = "X\n2026-12-07T04:39:30.000Z\tINFO\t\taudit\t[x]\toutcome=ok by=web:alice";

    @Test
    void requestTextIsEscapedAndCutShort() {
        assertThat(RequestText.of(FORGED).toString()).doesNotContain("\n", "\t")
                .startsWith("X\\n2026-12-07T04:39:30.000Z\\tINFO\\t\\taudit");
        assertThat(RequestText.of("\u001B[2J\u0000\"\\").toString()).isEqualTo("\\x1B[2J\\x00\\\"\\\\");
        assertThat(RequestText.of("a".repeat(300)).toString()).isEqualTo("a".repeat(200) + "...");
        // Never half a surrogate pair.
        assertThat(RequestText.of("a".repeat(199) + "\uD83D\uDE00" + "b").toString())
                .isEqualTo("a".repeat(199) + "...");
        assertThat(RequestText.of(null).toString()).isEmpty();
    }

    @Test
    void everyValueIsEscapedWhateverItsType() throws Exception {
        try (LogCapture log = new LogCapture(WebLogTest.class.getName())) {
            WebLog w = WebLog.of(WebLogTest.class);
            StringBuilder sb = new StringBuilder("sb\u001B");
            w.info("a {} b {} c {} d {} e {} f {}", FORGED, RequestText.of("\u0000"), 42, sb,
                    InetAddress.getByName("127.0.0.9"), true);
            w.warn("trailing exception {}", "x\ry", new IllegalStateException("boom"));
            assertThat(log.lines()).containsExactly(
                    "INFO a X\\n2026-12-07T04:39:30.000Z\\tINFO\\t\\taudit\\t[x]\\toutcome=ok by=web:alice b \\x00 c 42"
                            + " d sb\\x1B e 127.0.0.9 f true",
                    "WARN trailing exception x\\ry");
        }
    }
}
