package org.mediachange.daemon.prompt;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Breaks text into the rows a {@link MessageText} shows, in one pass and
 * without laying anything out: each char's width is given (the advance of its
 * glyph, as a glyph vector without shaping has it), rows break after white
 * space where they can and anywhere else where they must, and no row is longer
 * than a fixed number of chars, however narrow (or zero-width) its characters
 * are. So the cost is linear in the text, and laying out one row for painting
 * costs at most what {@code maxChars} characters cost, whatever the text.
 *
 * <p>Paragraphs are separated by {@code \n}. Each takes the direction of its
 * first strong character (right-to-left for Hebrew or Arabic, else
 * left-to-right), as the Unicode bidi algorithm does for a paragraph.
 */
final class TextRows {

    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private final BitSet rightToLeft = new BitSet();
    private int count;

    private TextRows() {
    }

    /**
     * Rows of {@code text} no wider than {@code width} by {@code advance} (the
     * width of each char; a low surrogate's is counted with its pair) except a
     * single character wider than that, and at most {@code maxChars} chars long.
     */
    static TextRows wrap(String text, float[] advance, float width, int maxChars) {
        if (maxChars < 2) {
            throw new IllegalArgumentException("maxChars must leave room for a surrogate pair: " + maxChars);
        }
        TextRows rows = new TextRows();
        int p = 0;
        while (true) {
            int q = text.indexOf('\n', p);
            int end = q < 0 ? text.length() : q;
            rows.paragraph(text, p, end, advance, width, maxChars);
            if (q < 0) {
                return rows;
            }
            p = q + 1;
        }
    }

    /**
     * The width of the widest paragraph of {@code text} by {@code advance}, or
     * {@code cap} if one is at least that wide (so a long paragraph is not
     * measured to its end).
     */
    static float widestParagraph(String text, float[] advance, float cap) {
        float widest = 0;
        float w = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                w = 0;
                continue;
            }
            w += advance[i];
            if (w >= cap) {
                int next = text.indexOf('\n', i);
                if (next < 0) {
                    return cap;
                }
                widest = cap;
                w = 0;
                i = next;
                continue;
            }
            widest = Math.max(widest, w);
        }
        return widest;
    }

    private void paragraph(String text, int p, int q, float[] advance, float width, int maxChars) {
        boolean rtl = firstStrongIsRightToLeft(text, p, q);
        int rowStart = p;
        float w = 0;
        int breakAfter = -1; // end of the last white space in this row, where it may break
        int prev = -1;
        int i = p;
        while (i < q) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            boolean space = isBreakingSpace(cp);
            float cw = width(advance, i, n);
            boolean full = i - rowStart + n > maxChars;
            // White space may hang past the edge, so a row never starts with the space it broke at.
            boolean over = !space && w + cw > width && !clings(cp, prev);
            if (i > rowStart && (full || over)) {
                int end = breakAfter > rowStart ? breakAfter : i;
                add(rowStart, end, rtl);
                w = 0;
                for (int k = end; k < i; k++) {
                    w += advance[k];
                }
                rowStart = end;
                breakAfter = -1;
                continue; // the same character again, now in the new row
            }
            w += cw;
            prev = cp;
            i += n;
            if (space) {
                breakAfter = i;
            }
        }
        add(rowStart, q, rtl);
    }

    private static float width(float[] advance, int i, int n) {
        return n == 1 ? advance[i] : advance[i] + advance[i + 1];
    }

    /** White space a line may break after; not the no-break spaces. */
    static boolean isBreakingSpace(int cp) {
        if (cp == 0x00A0 || cp == 0x2007 || cp == 0x202F || cp == 0xFEFF) {
            return false;
        }
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    /**
     * Whether {@code cp} belongs to the character before it, so a row should not
     * start with it: combining marks (accents, Hebrew points, variation
     * selectors), emoji skin tones, and anything joined by a zero-width joiner.
     */
    private static boolean clings(int cp, int prev) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || cp == 0x200D || prev == 0x200D
                || (cp >= 0x1F3FB && cp <= 0x1F3FF);
    }

    private static boolean firstStrongIsRightToLeft(String text, int p, int q) {
        for (int i = p; i < q; ) {
            int cp = text.codePointAt(i);
            byte d = Character.getDirectionality(cp);
            if (d == Character.DIRECTIONALITY_LEFT_TO_RIGHT) {
                return false;
            }
            if (d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    private void add(int start, int end, boolean rtl) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        rightToLeft.set(count, rtl);
        count++;
    }

    /** How many rows. */
    int count() {
        return count;
    }

    /** Where row {@code r} starts in the text. */
    int start(int r) {
        return starts[r];
    }

    /** Where row {@code r} ends (exclusive) in the text. */
    int end(int r) {
        return ends[r];
    }

    /** Whether row {@code r} belongs to a right-to-left paragraph. */
    boolean rightToLeft(int r) {
        return rightToLeft.get(r);
    }

    /** The most chars in one row. */
    int longest() {
        int most = 0;
        for (int r = 0; r < count; r++) {
            most = Math.max(most, ends[r] - starts[r]);
        }
        return most;
    }
}
