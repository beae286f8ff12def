package org.mediachange.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Escaper}: which characters become visible escapes, their spelling, and the extra log escapes. */
class EscaperTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "Please mount volume 3", "Bänd 3 – 日本 ü ß é", "back\\slash and \"quotes\"",
        "nbsp\u00A0and\u202Fnarrow", "emoji \uD83D\uDCBE"})
    void forDisplayReturnsTextWithoutControlsUnchanged(String text) {
        assertThat(Escaper.forDisplay(text)).isSameAs(text);
    }

    @Test
    void tabLineFeedAndCarriageReturnBecomeTwoCharacterEscapes() {
        assertThat(Escaper.forDisplay("a\tb\nc\rd")).isEqualTo("a\\tb\\nc\\rd");
    }

    @Test
    void otherC0ControlsAndDelBecomeHexEscapes() {
        assertThat(Escaper.forDisplay("\u001B[2Jx")).isEqualTo("\\x1B[2Jx");
        assertThat(Escaper.forDisplay("nul\u0000")).isEqualTo("nul\\x00");
        assertThat(Escaper.forDisplay("\u0007\u001F")).isEqualTo("\\x07\\x1F");
        assertThat(Escaper.forDisplay("del\u007F")).isEqualTo("del\\x7F");
    }

    @Test
    void c1ControlsBecomeHexEscapes() {
        assertThat(Escaper.forDisplay("a\u0085b\u009Bc\u0080\u009F")).isEqualTo("a\\x85b\\x9Bc\\x80\\x9F");
    }

    @Test
    void bidiControlsAndSeparatorsBecomeUnicodeEscapes() {
        assertThat(Escaper.forDisplay("abc\u202Efed")).isEqualTo("abc\\u202Efed");
        assertThat(Escaper.forDisplay("\u202A\u202B\u202C\u202D")).isEqualTo("\\u202A\\u202B\\u202C\\u202D");
        assertThat(Escaper.forDisplay("\u2066\u2067\u2068\u2069")).isEqualTo("\\u2066\\u2067\\u2068\\u2069");
        assertThat(Escaper.forDisplay("line\u2028para\u2029")).isEqualTo("line\\u2028para\\u2029");
    }

    @Test
    void forDisplayLeavesBackslashesAndQuotesAlone() {
        assertThat(Escaper.forDisplay("C:\\tapes \"a\"\n")).isEqualTo("C:\\tapes \"a\"\\n");
    }

    @Test
    void forLogAlsoEscapesBackslashAndQuote() {
        assertThat(Escaper.forLog("a\\b\"c")).isEqualTo("a\\\\b\\\"c");
        assertThat(Escaper.forLog("\\n")).isEqualTo("\\\\n");
        assertThat(Escaper.forLog("x\ny\u001B\"")).isEqualTo("x\\ny\\x1B\\\"");
    }

    @Test
    void forLogReturnsTextWithoutSpecialCharactersUnchanged() {
        String text = "Bänd 3 – 日本";
        assertThat(Escaper.forLog(text)).isSameAs(text);
    }

    @ParameterizedTest
    @CsvSource({"0000, true", "001F, true", "0020, false", "007E, false", "007F, true", "0080, true",
        "009F, true", "00A0, false", "2027, false", "2028, true", "2029, true", "202A, true",
        "202E, true", "202F, false", "2065, false", "2066, true", "2069, true", "206A, false", "FFFD, false"})
    void needsEscapeBoundaries(String hex, boolean expected) {
        assertThat(Escaper.needsEscape((char) Integer.parseInt(hex, 16))).isEqualTo(expected);
    }

    @Test
    void forLogOutputContainsNoCharacterThatNeedsEscaping() {
        StringBuilder all = new StringBuilder(0x10000);
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c);
        }
        String escaped = Escaper.forLog(all.toString());
        for (int i = 0; i < escaped.length(); i++) {
            assertThat(Escaper.needsEscape(escaped.charAt(i)))
                    .as("U+%04X at index %d of the output", (int) escaped.charAt(i), i)
                    .isFalse();
        }
        assertThat(escaped.length()).isGreaterThan(all.length());
    }
}
