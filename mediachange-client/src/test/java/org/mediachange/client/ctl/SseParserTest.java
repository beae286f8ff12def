package org.mediachange.client.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event stream format as the HTML standard defines it, line by line. */
class SseParserTest {

    private static List<SseParser.Event> parse(String... lines) throws Exception {
        SseParser p = new SseParser();
        List<SseParser.Event> events = new ArrayList<>();
        for (String l : lines) {
            SseParser.Event e = p.accept(l);
            if (e != null) {
                events.add(e);
            }
        }
        return events;
    }

    @Test
    void aNamedEventEndsAtTheBlankLine() throws Exception {
        assertThat(parse("event: opened", "data: {\"id\":1}")).isEmpty();
        assertThat(parse("event: opened", "data: {\"id\":1}", ""))
                .containsExactly(new SseParser.Event("opened", "{\"id\":1}"));
    }

    @Test
    void commentsRetryAndIdAreNotEvents() throws Exception {
        assertThat(parse("retry: 2000", "", ": keep-alive", "", "id: 7", "")).isEmpty();
    }

    @Test
    void dataLinesAreJoinedWithLineFeedsAndOneSpaceAfterTheColonIsDropped() throws Exception {
        assertThat(parse("data:a", "data:  b", "data", "")).containsExactly(new SseParser.Event("message", "a\n b\n"));
    }

    @Test
    void theNameDoesNotCarryOverToTheNextEvent() throws Exception {
        assertThat(parse("event: closed", "data: 1", "", "data: 2", "")).containsExactly(
                new SseParser.Event("closed", "1"), new SseParser.Event("message", "2"));
    }

    @Test
    void anEventWithoutDataIsNotDispatched() throws Exception {
        assertThat(parse("event: opened", "", "data: x", "")).containsExactly(new SseParser.Event("message", "x"));
    }

    @Test
    void unknownFieldsAreIgnoredAndALeadingByteOrderMarkIsSkipped() throws Exception {
        assertThat(parse("\uFEFFevent: snapshot", "colour: blue", "data: {}", ""))
                .containsExactly(new SseParser.Event("snapshot", "{}"));
    }

    @Test
    void dataBeyondTheLimitIsRefused() throws Exception {
        SseParser p = new SseParser();
        String big = "x".repeat(SseParser.MAX_DATA_CHARS / 2);
        p.accept("data: " + big);
        assertThatThrownBy(() -> p.accept("data: " + big)).isInstanceOf(SseParser.TooLongException.class);
    }
}
