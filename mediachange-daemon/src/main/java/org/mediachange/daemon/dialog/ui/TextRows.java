package org.mediachange.daemon.dialog.ui;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Breaks text into the rows a {@link MessageText} shows, without laying
 * anything out: each char's width is its glyph's advance, as a glyph vector
 * without shaping has it; rows break after white space where they can and
 * anywhere else where they must, and no row is longer than a fixed number of
 * chars, however narrow (or zero-width) its characters are, nor changes
 * direction more than a fixed number of times (each change is a run of its
 * own to lay out: {@code "\u05D0a"} repeated costs seven times what Latin
 * text of the same length costs). So the cost is linear in the text, and
 * laying out one row for painting costs at most what {@code maxChars}
 * characters in {@code maxRuns} runs cost, whatever the text.
 *
 * <p>It works in steps ({@link #wrap(int)}), so a caller can break the start of
 * a long text into rows at once and the rest in slices later, and measures the
 * text piece by piece, so it never holds more than one piece's advances.
 *
 * <p>Paragraphs are separated by {@code \n}. Each takes the direction of its
 * first strong character (right-to-left for Hebrew or Arabic, else
 * left-to-right), looked for among its first {@value #DIRECTION_SCAN} chars.
 */
final class TextRows {

    /** The advances of the chars of a text from {@code from} to {@code to} (never inside a surrogate pair). */
    @FunctionalInterface
    interface Advances {
        /** Writes the advance of char {@code from + i} to {@code out[i]}; a low surrogate's may be 0. */
        void measure(int from, int to, float[] out);
    }

    /** How far into a paragraph to look for the strong character that sets its direction. */
    static final int DIRECTION_SCAN = 4096;
    /** Chars measured at a time. */
    private static final int PIECE = 4096;

    private final String text;
    private final Advances advances;
    private final float width;
    private final int maxChars;
    private final int maxRuns;

    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private final BitSet rightToLeft = new BitSet();
    private int count;

    // Where breaking stands: the next char to look at, and the paragraph and row it is in.
    private int pos;
    private int paragraphEnd = -1; // -1: between paragraphs
    private boolean rtl;
    private int rowStart;
    private float rowWidth;
    private int breakAfter = -1; // end of the last white space in this row, where it may break
    private float widthSinceBreak; // of the chars after breakAfter
    private int prev = -1;
    // Runs of one direction (left-to-right, right-to-left, numbers) in the row, and since breakAfter.
    private int runs;
    private int lastClass;
    private int runsSinceBreak;
    private int lastClassSinceBreak;
    private boolean done;

    // The advances of the piece being broken.
    private final float[] piece = new float[PIECE + 1];
    private int pieceFrom;
    private int pieceTo;

    /**
     * Rows of {@code text} no wider than {@code width} by {@code advances}
     * (except a single character wider than that), at most {@code maxChars}
     * chars long and with at most {@code maxRuns} runs of one direction; none
     * yet, see {@link #wrap(int)}.
     */
    TextRows(String text, Advances advances, float width, int maxChars, int maxRuns) {
        if (maxChars < 2 || maxRuns < 1) {
            throw new IllegalArgumentException("a row must hold a surrogate pair and a run: " + maxChars + ", "
                    + maxRuns);
        }
        this.text = text;
        this.advances = advances;
        this.width = width;
        this.maxChars = maxChars;
        this.maxRuns = maxRuns;
    }

    /** All rows of {@code text} at once; see {@link #TextRows}. */
    static TextRows wrap(String text, Advances advances, float width, int maxChars, int maxRuns) {
        TextRows rows = new TextRows(text, advances, width, maxChars, maxRuns);
        rows.wrap(Integer.MAX_VALUE);
        return rows;
    }

    /**
     * Breaks at least {@code chars} more chars of the text into rows (or the
     * rest, if fewer are left). Returns whether the whole text is broken.
     */
    boolean wrap(int chars) {
        long stop = (long) pos + chars;
        while (!done && pos < stop) {
            if (paragraphEnd < 0) {
                startParagraph();
            }
            if (pos == paragraphEnd) {
                add(rowStart, paragraphEnd);
                if (paragraphEnd == text.length()) {
                    done = true;
                } else {
                    pos = paragraphEnd + 1;
                    paragraphEnd = -1;
                }
                continue;
            }
            step();
        }
        return done;
    }

    /** Whether the whole text is broken into rows. */
    boolean done() {
        return done;
    }

    private void startParagraph() {
        int nl = text.indexOf('\n', pos);
        paragraphEnd = nl < 0 ? text.length() : nl;
        rtl = firstStrongIsRightToLeft(pos, Math.min(paragraphEnd, pos + DIRECTION_SCAN));
        rowStart = pos;
        rowWidth = 0;
        breakAfter = -1;
        widthSinceBreak = 0;
        prev = -1;
        runs = 0;
        lastClass = 0;
        runsSinceBreak = 0;
        lastClassSinceBreak = 0;
    }

    /** Takes the character at {@code pos} into the row, or ends the row before it. */
    private void step() {
        int cp = text.codePointAt(pos);
        int n = Character.charCount(cp);
        boolean space = isBreakingSpace(cp);
        float cw = advance(pos, n);
        int dir = directionClass(cp);
        boolean full = pos - rowStart + n > maxChars
                || (dir != 0 && dir != lastClass && lastClass != 0 && runs + 1 > maxRuns);
        // White space may hang past the edge, so a row never starts with the space it broke at.
        boolean over = !space && rowWidth + cw > width && !clings(cp, prev);
        if (pos > rowStart && (full || over)) {
            if (breakAfter > rowStart) {
                add(rowStart, breakAfter);
                rowStart = breakAfter;
                rowWidth = widthSinceBreak;
                runs = runsSinceBreak;
                lastClass = lastClassSinceBreak;
            } else {
                add(rowStart, pos);
                rowStart = pos;
                rowWidth = 0;
                widthSinceBreak = 0;
                runs = 0;
                lastClass = 0;
                runsSinceBreak = 0;
                lastClassSinceBreak = 0;
            }
            breakAfter = -1;
            return; // the same character again, now in the new row
        }
        rowWidth += cw;
        prev = cp;
        pos += n;
        if (dir != 0) {
            if (dir != lastClass) {
                runs++;
                lastClass = dir;
            }
            if (dir != lastClassSinceBreak) {
                runsSinceBreak++;
                lastClassSinceBreak = dir;
            }
        }
        if (space) {
            breakAfter = pos;
            widthSinceBreak = 0;
            runsSinceBreak = 0;
            lastClassSinceBreak = 0;
        } else {
            widthSinceBreak += cw;
        }
    }

    /**
     * 1 for left-to-right letters, 2 for right-to-left ones, 3 for digits (which
     * make runs of their own in right-to-left text), 0 for the rest, which join
     * the run around them.
     */
    private static int directionClass(int cp) {
        switch (Character.getDirectionality(cp)) {
            case Character.DIRECTIONALITY_LEFT_TO_RIGHT:
                return 1;
            case Character.DIRECTIONALITY_RIGHT_TO_LEFT:
            case Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC:
                return 2;
            case Character.DIRECTIONALITY_EUROPEAN_NUMBER:
            case Character.DIRECTIONALITY_ARABIC_NUMBER:
                return 3;
            default:
                return 0;
        }
    }

    private float advance(int i, int n) {
        if (i + n > pieceTo) {
            pieceFrom = i;
            pieceTo = Math.min(text.length(), i + PIECE);
            if (pieceTo < text.length() && Character.isHighSurrogate(text.charAt(pieceTo - 1))) {
                pieceTo++; // a surrogate pair stays in one piece
            }
            advances.measure(pieceFrom, pieceTo, piece);
        }
        float a = piece[i - pieceFrom];
        return n == 1 ? a : a + piece[i - pieceFrom + 1];
    }

    /**
     * The width of the widest paragraph of {@code text} by {@code advances}, or
     * {@code cap} if one is at least that wide (so a long paragraph is not
     * measured to its end).
     */
    static float widestParagraph(String text, Advances advances, float cap) {
        float[] buf = new float[PIECE + 1];
        float widest = 0;
        float w = 0;
        int i = 0;
        while (i < text.length()) {
            int to = Math.min(text.length(), i + PIECE);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                to++;
            }
            advances.measure(i, to, buf);
            for (int k = i; k < to; k++) {
                if (text.charAt(k) == '\n') {
                    w = 0;
                    continue;
                }
                w += buf[k - i];
                widest = Math.max(widest, w);
            }
            if (widest >= cap) {
                return cap;
            }
            i = to;
        }
        return widest;
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

    private boolean firstStrongIsRightToLeft(int p, int q) {
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

    private void add(int start, int end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        rightToLeft.set(count, rtl);
        count++;
    }

    /** How many rows so far. */
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

    /** The most chars in one row so far. */
    int longest() {
        int most = 0;
        for (int r = 0; r < count; r++) {
            most = Math.max(most, ends[r] - starts[r]);
        }
        return most;
    }
}
