package org.mediachange.daemon.dialog.ui;

import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.text.AttributedString;
import javax.swing.JComponent;
import javax.swing.Scrollable;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;

/**
 * Shows the (escaped) text of a request as wrapped rows, at a cost that does
 * not depend on what the text is. {@link TextRows} breaks it into rows from
 * unshaped glyph advances, without laying anything out: the first
 * {@value #FIRST_CHARS} chars when the dialog is made, the rest only when
 * someone scrolls past them (until then the scroll bar's extent is
 * estimated from the rows so far), so a flood of long texts costs no more
 * than the first part of each. Painting lays out only the rows in the area
 * being painted, one {@link TextLayout} per row, each at most
 * {@link #MAX_ROW_CHARS} long and in at most {@link #MAX_ROW_RUNS} runs of one
 * direction. Put in a scroll pane, the whole text is reachable while only
 * what is visible is ever laid out.
 *
 * <p>Why not a {@code JTextArea}: for text with right-to-left or combining
 * characters Swing lays a whole paragraph out at once, with a run and a view
 * per change of direction; {@code "\u05D0a"} repeated to 4 KiB took seconds of
 * the event thread, and 64 KiB exhausted the dialog process's heap (issue 8).
 *
 * <p>The text is drawn as glyphs and nothing else: never parsed as HTML or
 * styles, not editable, not focusable (so Return and Esc reach the dialog).
 */
public final class MessageText extends JComponent implements Scrollable {

    private static final long serialVersionUID = 1L;

    /**
     * The most chars in one row: a 6-inch row of the narrowest Latin letters
     * holds about 140, while combining marks have no width at all.
     */
    public static final int MAX_ROW_CHARS = 160;

    /**
     * The most runs of one direction in a row: each is laid out on its own, so a
     * row of {@code "\u05D0a"} repeated costs per character what seven Latin
     * ones cost; ordinary mixed text has a few a row.
     */
    public static final int MAX_ROW_RUNS = 32;

    /** Chars broken into rows when the text is made; a shorter text is done then. */
    public static final int FIRST_CHARS = 8192;

    private final String text;
    private final transient TextRows rows;
    private final transient FontRenderContext frc;
    private final int lineHeight;
    private final int ascent;
    private final int width;
    private transient Runnable onFirstPaint;
    private int laidOutRows;
    private int laidOutChars;

    /**
     * Shows {@code text} in {@code font}, wrapped at {@code wrapWidth} pixels,
     * or narrower when no paragraph needs that much.
     */
    public MessageText(String text, Font font, int wrapWidth) {
        this.text = text;
        setFont(font);
        setOpaque(true);
        setFocusable(false);
        setForeground(UIManager.getColor("Label.foreground"));
        FontMetrics fm = getFontMetrics(font);
        this.frc = fm.getFontRenderContext();
        this.lineHeight = fm.getHeight();
        this.ascent = fm.getAscent();
        TextRows.Advances advances = (from, to, out) -> measure(text, from, to, font, frc, out);
        if (text.length() <= FIRST_CHARS) {
            // As narrow as the widest paragraph (plus a little air), at most wrapWidth.
            this.width = Math.min(wrapWidth, (int) Math.ceil(TextRows.widestParagraph(text, advances, wrapWidth)) + 4);
            this.rows = TextRows.wrap(text, advances, width, MAX_ROW_CHARS, MAX_ROW_RUNS);
        } else {
            this.width = wrapWidth;
            this.rows = new TextRows(text, advances, width, MAX_ROW_CHARS, MAX_ROW_RUNS);
            rows.wrap(FIRST_CHARS);
        }
    }

    /**
     * The advances of {@code text}'s glyphs from {@code from} to {@code to},
     * unshaped (no bidi, no joining: a glyph vector maps char to glyph, one glyph
     * per char), as a row laid out later mostly has them.
     */
    private static void measure(String text, int from, int to, Font font, FontRenderContext frc, float[] out) {
        char[] chars = new char[to - from];
        text.getChars(from, to, chars, 0);
        float[] pos = font.createGlyphVector(frc, chars).getGlyphPositions(0, chars.length + 1, null);
        for (int i = 0; i < chars.length; i++) {
            out[i] = pos[2 * i + 2] - pos[2 * i];
        }
    }

    /** Breaks the rest of the text into rows now (as scrolling past the first part does). */
    void wrapAll() {
        rows.wrap(Integer.MAX_VALUE);
        revalidate();
    }

    /** Whether the whole text is in rows (a long one is once someone scrolls past its start). */
    public boolean wrapped() {
        return rows.done();
    }

    /**
     * The rows the text takes: exact once it is all broken into rows, until then
     * the rows so far and the rest at their average length.
     */
    private int estimatedRows() {
        int n = rows.count();
        if (rows.done() || n == 0) {
            return Math.max(1, n);
        }
        int covered = rows.end(n - 1);
        double perRow = Math.max(1.0, covered / (double) n);
        return n + (int) Math.ceil((text.length() - covered) / perRow);
    }

    /** The whole text shown (in its rows). */
    public String getText() {
        return text;
    }

    /** How many rows the text takes (so far: until {@link #wrapped()}, only its start is in rows). */
    public int rowCount() {
        return rows.count();
    }

    /** Row {@code r} as text. */
    public String row(int r) {
        return text.substring(rows.start(r), rows.end(r));
    }

    /** The most chars in one row; never more than {@link #MAX_ROW_CHARS}. */
    public int longestRow() {
        return rows.longest();
    }

    /** Rows laid out by the last paint (those in the painted area). */
    public int laidOutRows() {
        return laidOutRows;
    }

    /** Chars laid out by the last paint. */
    public int laidOutChars() {
        return laidOutChars;
    }

    /** Height of one row in pixels. */
    public int rowHeight() {
        return lineHeight;
    }

    /**
     * The width row {@code r} really takes when laid out (for tests: rows must fit
     * {@link #getPreferredSize()}, which comes from unshaped glyph advances).
     */
    public float layoutWidth(int r) {
        TextLayout layout = layout(r);
        return layout == null ? 0 : layout.getAdvance();
    }

    /** Runs {@code r} (once) right after the text is painted for the first time. */
    void onFirstPaint(Runnable r) {
        this.onFirstPaint = r;
    }

    @Override
    public Dimension getPreferredSize() {
        if (isPreferredSizeSet()) {
            return super.getPreferredSize();
        }
        return new Dimension(width, estimatedRows() * lineHeight);
    }

    @Override
    protected void paintComponent(Graphics g) {
        Graphics2D g2 = (Graphics2D) g.create();
        try {
            Rectangle clip = g2.getClipBounds();
            if (clip == null) {
                clip = new Rectangle(0, 0, getWidth(), getHeight());
            }
            if (isOpaque()) {
                g2.setColor(getBackground());
                g2.fillRect(clip.x, clip.y, clip.width, clip.height);
            }
            Object aa = UIManager.get(RenderingHints.KEY_TEXT_ANTIALIASING);
            if (aa != null) {
                g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, aa);
            }
            Object contrast = UIManager.get(RenderingHints.KEY_TEXT_LCD_CONTRAST);
            if (contrast != null) {
                g2.setRenderingHint(RenderingHints.KEY_TEXT_LCD_CONTRAST, contrast);
            }
            g2.setColor(getForeground());
            // Only the rows that meet the painted area: the cost of a paint is bounded by its height.
            int first = Math.max(0, clip.y / lineHeight);
            int last = (clip.y + clip.height - 1) / lineHeight;
            if (last >= rows.count() && !rows.done()) {
                // Scrolled past the rows made so far: the operator wants the rest, make it all now.
                rows.wrap(Integer.MAX_VALUE);
                SwingUtilities.invokeLater(this::revalidate);
            }
            last = Math.min(rows.count() - 1, last);
            int nRows = 0;
            int nChars = 0;
            for (int r = first; r <= last; r++) {
                TextLayout layout = layout(r);
                if (layout != null) {
                    layout.draw(g2, 0, r * lineHeight + ascent);
                    nRows++;
                    nChars += layout.getCharacterCount();
                }
            }
            laidOutRows = nRows;
            laidOutChars = nChars;
        } finally {
            g2.dispose();
        }
        Runnable first = onFirstPaint;
        if (first != null) {
            onFirstPaint = null;
            first.run();
        }
    }

    /** Row {@code r} laid out, or null for an empty row. */
    private TextLayout layout(int r) {
        int start = rows.start(r);
        int end = rows.end(r);
        // Without the spaces it broke after: in a right-to-left row they would stand at the left edge.
        while (end > start && TextRows.isBreakingSpace(text.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return null;
        }
        AttributedString s = new AttributedString(text.substring(start, end));
        s.addAttribute(TextAttribute.FONT, getFont());
        s.addAttribute(TextAttribute.RUN_DIRECTION,
                rows.rightToLeft(r) ? TextAttribute.RUN_DIRECTION_RTL : TextAttribute.RUN_DIRECTION_LTR);
        return new TextLayout(s.getIterator(), frc);
    }

    @Override
    public Dimension getPreferredScrollableViewportSize() {
        return getPreferredSize();
    }

    @Override
    public int getScrollableUnitIncrement(Rectangle visible, int orientation, int direction) {
        return orientation == SwingConstants.VERTICAL ? lineHeight : 16;
    }

    @Override
    public int getScrollableBlockIncrement(Rectangle visible, int orientation, int direction) {
        return orientation == SwingConstants.VERTICAL ? Math.max(lineHeight, visible.height - lineHeight)
                : Math.max(16, visible.width - 16);
    }

    @Override
    public boolean getScrollableTracksViewportWidth() {
        return false;
    }

    @Override
    public boolean getScrollableTracksViewportHeight() {
        return false;
    }
}
