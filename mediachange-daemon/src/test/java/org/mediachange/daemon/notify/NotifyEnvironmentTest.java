package org.mediachange.daemon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mediachange.daemon.model.RequestInfo;

/** The variables of one run, built from the request without a daemon. */
class NotifyEnvironmentTest {

    private static final RequestInfo REQUEST = new RequestInfo(7, Instant.EPOCH, "10.0.0.5", "backup\u001b1",
            "a \"b\"\n");

    @Test
    void textFromTheRequestIsEscapedAsInTheLogs() {
        Map<String, String> env = NotifyEnvironment.of(Map.of(), NotifyEvent.NEW, REQUEST, 3, null, AnswerUrls.NONE);
        assertThat(env).containsEntry("MEDIACHANGE_MESSAGE", "a \\\"b\\\"\\n")
                .containsEntry("MEDIACHANGE_HOST", "backup\\x1B1").containsEntry("MEDIACHANGE_AGE_SECONDS", "3")
                .containsEntry("MEDIACHANGE_ID", "7").containsEntry("MEDIACHANGE_EVENT", "new");
    }

    @Test
    void longMessagesAreCutNeverInsideASurrogatePair() {
        String longOne = "x".repeat(NotifyEnvironment.MESSAGE_CHARS - 1) + "\uD83D\uDCBE" + "tail";
        String cut = NotifyEnvironment.message(longOne);
        assertThat(cut).isEqualTo("x".repeat(NotifyEnvironment.MESSAGE_CHARS - 1) + "\u2026");
        assertThat(NotifyEnvironment.message("short")).isEqualTo("short");
    }

    @Test
    void aNegativeAgeFromAClockStepIsZero() {
        assertThat(NotifyEnvironment.of(Map.of(), NotifyEvent.REMINDER, REQUEST, -2, null, AnswerUrls.NONE))
                .containsEntry("MEDIACHANGE_AGE_SECONDS", "0");
    }

    @Test
    void aCharsetOtherThanUtf8IsWarnedAbout() {
        assertThat(NotifyEnvironment.charsetWarning(StandardCharsets.UTF_8)).isEmpty();
        assertThat(NotifyEnvironment.charsetWarning(StandardCharsets.US_ASCII)).get().asString()
                .contains("US-ASCII").contains("'?'").contains("LC_ALL=C.UTF-8");
    }
}
