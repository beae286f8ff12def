package org.mediachange.client.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The documented line formats of list and watch (docs/CTL.md, "Output"). */
class RequestLinesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T01:05:15Z");

    @Test
    void pendingLine() {
        Api.Pending p = new Api.Pending(12, "2026-11-30T01:02:03Z", "192.168.1.5", "backup1", "Please mount volume 3");
        assertThat(RequestLines.pending(p, NOW)).isEqualTo("12  pending  3m12s  backup1 (192.168.1.5)"
                + "  Please mount volume 3");
    }

    @Test
    void recentLines() {
        Api.Recent byWeb = new Api.Recent(11, "ok", "web:alice", "2026-11-30T01:03:00Z", null, "192.168.1.5",
                "backup1", "Please mount volume 2");
        assertThat(RequestLines.recent(byWeb, NOW)).isEqualTo("11  ok by alice  2m ago  backup1 (192.168.1.5)"
                + "  Please mount volume 2");
        Api.Recent byDialog = new Api.Recent(10, "cancel", "dialog", "2026-11-29T22:00:00Z", null, "10.0.0.1",
                "10.0.0.1", "x");
        assertThat(RequestLines.recent(byDialog, NOW)).isEqualTo("10  cancel by dialog  3h ago  10.0.0.1  x");
        Api.Recent timeout = new Api.Recent(9, "timeout", null, "not a time", null, null, null, null);
        assertThat(RequestLines.recent(timeout, NOW)).isEqualTo("9  timeout  ? ago  -  -");
    }

    @Test
    void watchLinesShowTheLocalTime() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Api.Pending p = new Api.Pending(12, "2026-11-30T01:02:03Z", "192.168.1.5", "backup1", "m");
        assertThat(RequestLines.opened(p, berlin)).isEqualTo("02:02:03  12  pending  backup1 (192.168.1.5)  m");
        Api.Recent r = new Api.Recent(12, "undeliverable:ok", "web:bob", "2026-11-30T01:04:00Z", null, null, null,
                null);
        assertThat(RequestLines.closed(r, p, ZoneOffset.UTC)).isEqualTo("01:04:00  12  undeliverable:ok by bob"
                + "  backup1 (192.168.1.5)  m");
        assertThat(RequestLines.closed(r, null, ZoneOffset.UTC)).isEqualTo("01:04:00  12  undeliverable:ok by bob"
                + "  -  -");
    }

    @Test
    void ages() {
        assertThat(RequestLines.age(Duration.ofSeconds(-3))).isEqualTo("0s");
        assertThat(RequestLines.age(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(RequestLines.age(Duration.ofSeconds(65))).isEqualTo("1m05s");
        assertThat(RequestLines.age(Duration.ofSeconds(3 * 3600 + 5 * 60 + 59))).isEqualTo("3h05m");
        assertThat(RequestLines.age(Duration.ofHours(50))).isEqualTo("2d02h");
        assertThat(RequestLines.ago(Duration.ofSeconds(59))).isEqualTo("59s ago");
        assertThat(RequestLines.ago(Duration.ofSeconds(3599))).isEqualTo("59m ago");
        assertThat(RequestLines.ago(Duration.ofHours(49))).isEqualTo("2d ago");
    }

    @Test
    void whoIsTheOperatorForWebAnswersAndTheSurfaceOtherwise() {
        assertThat(RequestLines.who("web:alice")).isEqualTo("alice");
        assertThat(RequestLines.who("dialog")).isEqualTo("dialog");
        assertThat(RequestLines.who("link")).isEqualTo("link");
        assertThat(RequestLines.who("web:\u001B[1m")).isEqualTo("\\x1B[1m");
    }
}
