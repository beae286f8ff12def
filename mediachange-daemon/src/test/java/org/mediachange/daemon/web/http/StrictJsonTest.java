package org.mediachange.daemon.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request bodies are RFC 8259 JSON, nothing looser. */
class StrictJsonTest {

    record Body(String answer, Inner inner) {
    }

    record Inner(String a) {
    }

    @Test
    void strictJsonIsRead() {
        assertThat(StrictJson.parse(" {\"answer\" : \"ok\", \"other\": [1, {\"x\": null}], \"inner\": {\"a\":\"b\"}}\n",
                Body.class)).isEqualTo(new Body("ok", new Inner("b")));
        // The same key in two different objects is no duplicate.
        assertThat(StrictJson.parse("{\"a\":\"1\",\"b\":{\"a\":\"2\"}}", Inner.class)).isEqualTo(new Inner("1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{answer:\"ok\"}", "{'answer':'ok'}", "{\"answer\":\"ok\"} // comment", "/* c */ {\"answer\":\"ok\"}",
        "# c\n{\"answer\":\"ok\"}", "{\"answer\":\"ok\"}{}", "{\"answer\":\"ok\"} 1", "{\"answer\":\"ok\"}x",
        "{\"answer\":\"cancel\",\"answer\":\"ok\"}", "{\"inner\":{\"a\":\"1\",\"a\":\"2\"}}",
        "{\"answer\"=\"ok\"}", "{\"answer\"=>\"ok\"}", "{\"answer\":\"ok\";\"x\":1}", "{\"answer\":\"ok\",}",
        "{\"answer\":ok}", "{\"x\":NaN}", "", " ", "null", "[]", "\"ok\"", "{",
        "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]"})
    void anythingLooserIsRefused(String text) {
        assertThatThrownBy(() -> StrictJson.parse(text, Body.class)).isInstanceOf(JsonParseException.class);
    }

    @Test
    void theReasonsAreOurOwnChecksNotGsonsAccidents() {
        assertThatThrownBy(() -> StrictJson.check("{\"answer\":\"cancel\",\"answer\":\"ok\"}"))
                .hasMessage("the key \"answer\" appears twice");
        assertThatThrownBy(() -> StrictJson.check("{\"answer\":\"ok\"}x")).isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> StrictJson.check("[".repeat(17) + "]".repeat(17)))
                .hasMessage("nested deeper than 16");
        StrictJson.check("[".repeat(16) + "]".repeat(16));
    }

    @Test
    void malformedUtf8IsRefusedNotReplaced() {
        byte[] latin1 = "{\"answer\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> StrictJson.parse(latin1, Body.class)).isInstanceOf(JsonParseException.class);
        assertThat(StrictJson.parse("{\"answer\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8), Body.class).answer())
                .isEqualTo("\u00e9");
    }
}
