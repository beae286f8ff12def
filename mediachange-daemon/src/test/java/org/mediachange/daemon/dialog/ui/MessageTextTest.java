package org.mediachange.daemon.dialog.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.testing.NaughtyStrings;

/**
 * {@link MessageText}: the bound on what it lays out, whatever the text, and
 * that what it shows is the whole text, each row within the width. Needs
 * fonts, not a display.
 */
class MessageTextTest {

    private static final Font FONT = MessageDialog.font();
    /** 6 inches at 96 dpi, as on most screens (and Xvfb). */
    private static final int WRAP = 576;
    private static final int VIEW_HEIGHT = MessageDialog.MAX_TEXT_HEIGHT;

    /** Text of about {@code bytes} of UTF-8 made of {@code unit}. */
    private static String fill(String unit, int bytes) {
        int n = unit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return unit.repeat(bytes / n);
    }

    /** 64 KiB of each kind of text that made Swing's text components slow (issue 8), and some more. */
    static Stream<String> hostile() {
        return Stream.of("\u05D0a", "\u0645\u0631\u062D\u0628\u0627 tape ", "\u05D01.\u05D1-", "\u05D0\u05B8a\u0301",
                "mount tape ", "x", "Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334", "\uD83D\uDCBE",
                "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u0E01\u0E34\u0E19", "\u65E5\u672C\u8A9E",
                "\u001B[2J\u202E")
                .map(u -> Escaper.forDisplay(fill(u, 65536)));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void makingItBreaksOnlyTheStartOfTheTextIntoRows(String text) {
        MessageText t = new MessageText("Message from h (192.0.2.1)\n\n" + text, FONT, WRAP);
        assertThat(t.wrapped()).isFalse();
        assertThat(t.row(t.rowCount() - 1)).isNotEmpty();
        int covered = text.indexOf(t.row(t.rowCount() - 1)) + t.row(t.rowCount() - 1).length();
        assertThat(covered).isLessThanOrEqualTo(MessageText.FIRST_CHARS);
        t.wrapAll();
        assertThat(t.wrapped()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void theHeightGuessedFromTheStartIsCloseToTheWholeTextsHeight(String text) {
        MessageText t = new MessageText("Message from h (192.0.2.1)\n\n" + text, FONT, WRAP);
        int guessed = t.getPreferredSize().height;
        t.wrapAll();
        assertThat(guessed).isCloseTo(t.getPreferredSize().height, org.assertj.core.data.Percentage.withPercentage(5));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void paintingPastTheRowsMadeSoFarMakesTheRest(String text) {
        MessageText t = new MessageText("Message from h (192.0.2.1)\n\n" + text, FONT, WRAP);
        t.setSize(t.getPreferredSize());
        paint(t, t.getHeight() - VIEW_HEIGHT);
        assertThat(t.wrapped()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void paintingLaysOutOnlyTheRowsItPaintsNoneLongerThanTheCap(String text) {
        MessageText t = new MessageText("Message from h (192.0.2.1)\n\n" + text, FONT, WRAP);
        t.wrapAll();
        t.setSize(t.getPreferredSize());
        int viewRows = VIEW_HEIGHT / t.rowHeight() + 2;
        assertThat(t.longestRow()).isLessThanOrEqualTo(MessageText.MAX_ROW_CHARS);
        assertThat(t.rowCount()).isGreaterThan(viewRows);

        // What a scroll pane of the dialog's height paints: the top, then the end.
        paint(t, 0);
        assertThat(t.laidOutRows()).isBetween(1, viewRows);
        assertThat(t.laidOutChars()).isLessThanOrEqualTo(viewRows * MessageText.MAX_ROW_CHARS);
        paint(t, t.getHeight() - VIEW_HEIGHT);
        assertThat(t.laidOutRows()).isBetween(1, viewRows);
        assertThat(t.laidOutChars()).isLessThanOrEqualTo(viewRows * MessageText.MAX_ROW_CHARS);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void theRowsAreTheWholeText(String text) {
        String whole = "Message from h (192.0.2.1)\n\n" + text;
        MessageText t = new MessageText(whole, FONT, WRAP);
        t.wrapAll();
        assertThat(t.getText()).isEqualTo(whole);
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            rows.add(t.row(r));
        }
        assertThat(rows.get(0)).isEqualTo("Message from h (192.0.2.1)");
        assertThat(rows.get(1)).isEmpty();
        assertThat(String.join("", rows.subList(2, rows.size()))).isEqualTo(text);
    }

    @Test
    void everyNaughtyStringFitsTheWidthItWasWrappedTo() throws Exception {
        List<String> texts = new ArrayList<>(NaughtyStrings.all());
        hostile().map(s -> s.substring(0, 2000)).forEach(texts::add);
        List<String> tooWide = new ArrayList<>();
        for (String s : texts) {
            String shown = Escaper.forDisplay(s);
            MessageText t = new MessageText(shown, FONT, WRAP);
            int width = t.getPreferredSize().width;
            assertThat(width).isLessThanOrEqualTo(WRAP);
            for (int r = 0; r < t.rowCount(); r++) {
                if (t.layoutWidth(r) > width) {
                    tooWide.add(String.format("%.1f > %d: %s", t.layoutWidth(r), width, t.row(r)));
                }
            }
        }
        assertThat(tooWide).as("rows laid out wider than the text's width").isEmpty();
    }

    @Test
    void shortTextTakesOnlyTheWidthItNeeds() {
        MessageText t = new MessageText("Message from h (192.0.2.1)\n\nmount tape 3", FONT, WRAP);
        assertThat(t.rowCount()).isEqualTo(3);
        assertThat(t.getPreferredSize().width).isLessThan(WRAP / 2);
        assertThat(t.getPreferredSize().height).isEqualTo(3 * t.rowHeight());
    }

    @Test
    void itIsNotFocusableSoReturnAndEscReachTheDialog() {
        assertThat(new MessageText("x", FONT, WRAP).isFocusable()).isFalse();
    }

    private static void paint(MessageText t, int y) {
        BufferedImage img = new BufferedImage(t.getWidth(), VIEW_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.translate(0, -y);
            g.setClip(0, y, t.getWidth(), VIEW_HEIGHT);
            t.paint(g);
        } finally {
            g.dispose();
        }
    }
}
