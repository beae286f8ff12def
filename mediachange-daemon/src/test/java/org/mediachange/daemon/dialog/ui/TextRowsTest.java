package org.mediachange.daemon.dialog.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link TextRows} with a fixed-width "font": where rows break, their bounds, and paragraph direction. */
class TextRowsTest {

    /** Every code point 10 pixels wide, combining marks none. */
    private static final IntUnaryOperator TEN = cp -> Character.getType(cp) == Character.NON_SPACING_MARK ? 0 : 10;

    /** The advance of each char of {@code text} by {@code perCodePoint}; a low surrogate's is 0. */
    private static TextRows.Advances advances(String text, IntUnaryOperator perCodePoint) {
        return (from, to, out) -> {
            for (int i = from; i < to; i++) {
                out[i - from] = Character.isLowSurrogate(text.charAt(i)) ? 0 : perCodePoint.applyAsInt(text.codePointAt(i));
            }
        };
    }

    private static TextRows wrap(String text, IntUnaryOperator perCodePoint, int width, int maxChars) {
        return TextRows.wrap(text, advances(text, perCodePoint), width, maxChars, 1000);
    }

    private static List<String> rows(String text, int width, int maxChars) {
        TextRows rows = wrap(text, TEN, width, maxChars);
        List<String> out = new ArrayList<>();
        for (int r = 0; r < rows.count(); r++) {
            out.add(text.substring(rows.start(r), rows.end(r)));
        }
        return out;
    }

    @Test
    void shortTextIsOneRow() {
        assertThat(rows("mount tape 3", 1000, 160)).containsExactly("mount tape 3");
    }

    @Test
    void breaksAfterTheLastSpaceThatFits() {
        // 10 pixels a character, 100 pixels a row: ten characters.
        assertThat(rows("Please mount volume 3 of the nightly set", 100, 160))
                .containsExactly("Please ", "mount ", "volume 3 ", "of the ", "nightly ", "set");
    }

    @Test
    void spacesMayHangPastTheEdgeSoNoRowStartsWithOne() {
        assertThat(rows("abcdefghij     klm", 100, 160)).containsExactly("abcdefghij     ", "klm");
    }

    @Test
    void aWordLongerThanARowBreaksWhereItMust() {
        assertThat(rows("x".repeat(25), 100, 160)).containsExactly("x".repeat(10), "x".repeat(10), "x".repeat(5));
    }

    @Test
    void paragraphsStartNewRowsAndAnEmptyOneIsAnEmptyRow() {
        assertThat(rows("Message from h (1.2.3.4)\n\nmount", 1000, 160))
                .containsExactly("Message from h (1.2.3.4)", "", "mount");
    }

    @Test
    void noRowIsLongerThanMaxCharsEvenWhenItsCharactersHaveNoWidth() {
        String zalgo = "Z" + "\u0351".repeat(1000);
        List<String> rows = rows(zalgo, 1000, 160);
        assertThat(rows).allSatisfy(r -> assertThat(r.length()).isLessThanOrEqualTo(160));
        assertThat(String.join("", rows)).isEqualTo(zalgo);
    }

    @Test
    void noRowHasMoreRunsOfOneDirectionThanMaxRuns() {
        // Hebrew and Latin letters alternating: every character a run of its own.
        String text = "\u05D0a".repeat(500);
        TextRows rows = TextRows.wrap(text, advances(text, TEN), 10_000, 160, 32);
        for (int r = 0; r < rows.count(); r++) {
            assertThat(rows.end(r) - rows.start(r)).isEqualTo(r < rows.count() - 1 ? 32 : 1000 % 32);
        }
        // Hebrew, digits and punctuation: the digits are runs of their own too (two runs each five
        // chars: letter, digit), the punctuation joins the run around it.
        String numbers = "\u05D01.\u05D1-".repeat(200);
        TextRows rows2 = TextRows.wrap(numbers, advances(numbers, TEN), 10_000, 160, 32);
        assertThat(rows2.end(0)).isBetween(5 * 15, 5 * 16 + 1);
        // Ordinary mixed text keeps its long rows: a word is one run.
        String words = "\u05E9\u05DC\u05D5\u05DD tape ".repeat(40);
        TextRows rows3 = TextRows.wrap(words, advances(words, TEN), 10_000, 160, 32);
        assertThat(rows3.end(0)).isGreaterThan(120);
    }

    @Test
    void aRowBrokenForItsRunsStillBreaksAfterSpaceWhereItCan() {
        String text = "\u05D0a\u05D0a \u05D0a\u05D0a \u05D0a\u05D0a";
        TextRows rows = TextRows.wrap(text, advances(text, TEN), 10_000, 160, 6);
        assertThat(text.substring(rows.start(0), rows.end(0))).isEqualTo("\u05D0a\u05D0a ");
        assertThat(text.substring(rows.start(1), rows.end(1))).isEqualTo("\u05D0a\u05D0a ");
    }

    @Test
    void neverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDCBE".repeat(100); // 200 chars
        for (int max : new int[] {2, 3, 7, 160}) {
            for (String row : rows(emoji, 10_000, max)) {
                assertThat(Character.isLowSurrogate(row.charAt(0))).as("row starting %s (max %d)", row, max).isFalse();
                assertThat(Character.isHighSurrogate(row.charAt(row.length() - 1))).isFalse();
            }
        }
    }

    @Test
    void aCombiningMarkStaysWithItsLetterWhenTheRowIsFull() {
        // "e" + acute at the edge: the mark has no width, but even with one it must not start a row.
        IntUnaryOperator all = cp -> 10;
        TextRows rows = wrap("abcdefghie\u0301x", all, 100, 160);
        assertThat(rows.end(0)).isEqualTo(11); // "abcdefghie" + U+0301
    }

    @Test
    void noRowIsWiderThanTheWidthUnlessOneCharacterIs() {
        String text = "\u05D0a".repeat(2000) + " " + "word ".repeat(500) + "\uD83D\uDCBE".repeat(300);
        TextRows rows = wrap(text, TEN, 577, 160);
        for (int r = 0; r < rows.count(); r++) {
            String row = text.substring(rows.start(r), rows.end(r)).stripTrailing();
            assertThat(row.codePointCount(0, row.length()) * 10).isLessThanOrEqualTo(577);
        }
        assertThat(rows.end(rows.count() - 1)).isEqualTo(text.length());
    }

    @Test
    void rowsCoverTheTextExactlyInOrder() {
        String text = "Message from h (1.2.3.4)\n\n" + "\u0645\u0631\u062D\u0628\u0627 tape ".repeat(3000);
        TextRows rows = wrap(text, TEN, 300, 160);
        int at = 0;
        for (int r = 0; r < rows.count(); r++) {
            if (rows.start(r) != at) {
                assertThat(text.charAt(at)).as("only a paragraph break lies between rows").isEqualTo('\n');
                at++;
            }
            assertThat(rows.start(r)).isEqualTo(at);
            at = rows.end(r);
        }
        assertThat(at).isEqualTo(text.length());
    }

    @Test
    void aParagraphTakesTheDirectionOfItsFirstStrongCharacter() {
        TextRows rows = wrap("Message from h\n\n 3. \u05E9\u05DC\u05D5\u05DD tape\n\u0645\u0631\u062D\u0628\u0627\n123",
                TEN, 1000, 160);
        assertThat(rows.rightToLeft(0)).isFalse();
        assertThat(rows.rightToLeft(2)).isTrue(); // digits and punctuation are not strong
        assertThat(rows.rightToLeft(3)).isTrue();
        assertThat(rows.rightToLeft(4)).isFalse(); // no strong character: left to right
    }

    @Test
    void breakingInStepsGivesTheSameRowsAsAllAtOnce() {
        String text = "Message from h (1.2.3.4)\n\n" + "\u05D0a ".repeat(3000) + "x".repeat(5000)
                + " \uD83D\uDCBE".repeat(2000) + "\u0645\u0631\u062D\u0628\u0627 tape ".repeat(1000);
        TextRows all = wrap(text, TEN, 577, 160);
        for (int step : new int[] {1, 7, 1000, 4097}) {
            TextRows steps = new TextRows(text, advances(text, TEN), 577, 160, 1000);
            int calls = 0;
            while (!steps.wrap(step)) {
                calls++;
            }
            assertThat(calls).as("steps taken").isGreaterThan(text.length() / (2 * step) - 2);
            assertThat(steps.count()).isEqualTo(all.count());
            for (int r = 0; r < all.count(); r++) {
                assertThat(steps.start(r)).isEqualTo(all.start(r));
                assertThat(steps.end(r)).isEqualTo(all.end(r));
                assertThat(steps.rightToLeft(r)).isEqualTo(all.rightToLeft(r));
            }
        }
    }

    @Test
    void aStepBreaksAboutAsManyCharsAsAskedAndNoMore() {
        String text = "mount tape ".repeat(10_000);
        TextRows rows = new TextRows(text, advances(text, TEN), 577, 160, 1000);
        assertThat(rows.wrap(8192)).isFalse();
        int covered = rows.end(rows.count() - 1);
        assertThat(covered).isBetween(8192 - 160, 8192);
    }

    @Test
    void widestParagraphStopsAtTheCap() {
        String three = "abc\nabcdef\nab";
        assertThat(TextRows.widestParagraph(three, advances(three, TEN), 1000)).isEqualTo(60);
        String wide = "x".repeat(100_000) + "\nabc";
        assertThat(TextRows.widestParagraph(wide, advances(wide, TEN), 576)).isEqualTo(576);
    }
}
