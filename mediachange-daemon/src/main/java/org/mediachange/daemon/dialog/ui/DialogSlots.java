package org.mediachange.daemon.dialog.ui;

import java.awt.Dimension;
import java.awt.Point;
import java.awt.Rectangle;
import java.util.BitSet;

/**
 * Places pending dialogs so that every one keeps its first line ("Message
 * from HOST (ADDRESS)") in sight, even without a window manager and with a
 * hundred of them: columns of dialogs each {@link #STEP} pixels below the
 * last, the columns {@link #COLUMN} pixels apart, the whole grid centred on
 * the screen (a 1280x1024 screen holds 3 columns of 34). A dialog covers only
 * what is below and to the right of its own first line, and each new dialog
 * takes the slot after the last one open, so it lies over older ones only
 * there; a click on any dialog brings it to the front (see
 * {@code SwingOperatorPrompt}). Only when the last slot is taken do new
 * dialogs go to the first free one, and past the grid's capacity the grid
 * starts again a little further down and right. Confined to the event
 * dispatch thread.
 */
final class DialogSlots {

    /** Vertical distance between dialogs of a column: a dialog's first line ends 24 pixels below its top. */
    static final int STEP = 26;
    /** Horizontal distance between columns: the first line of a dialog starts 115 pixels from its left edge. */
    static final int COLUMN = 375;
    /** The size the grid is laid out for: a dialog with a message of a line or three. */
    static final Dimension NOMINAL = new Dimension(530, 150);
    /** How far each further grid is moved down and right, past the first one's capacity. */
    static final int LAYER_SHIFT = 13;

    private final BitSet taken = new BitSet();
    private int capacity = Integer.MAX_VALUE;

    /** Sets how many slots the screen holds ({@link #capacity(Rectangle)}); new slots prefer those. */
    void fitTo(Rectangle screen) {
        capacity = capacity(screen);
    }

    /** Takes the slot after the last one taken, or the first free one when that would leave the grid. */
    int take() {
        int next = taken.length(); // one past the highest taken slot; 0 when none is
        int k = next < capacity ? next : taken.nextClearBit(0);
        taken.set(k);
        return k;
    }

    /** Frees {@code slot}. */
    void release(int slot) {
        taken.clear(slot);
    }

    /** How many dialogs of the nominal size {@code screen} holds with their first lines in sight. */
    static int capacity(Rectangle screen) {
        return columns(screen) * rows(screen);
    }

    private static int columns(Rectangle screen) {
        return Math.max(1, 1 + (screen.width - NOMINAL.width) / COLUMN);
    }

    private static int rows(Rectangle screen) {
        return Math.max(1, 1 + (screen.height - NOMINAL.height) / STEP);
    }

    /** Top-left corner for a dialog of {@code size} in {@code slot}, kept inside {@code screen}. */
    static Point location(int slot, Dimension size, Rectangle screen) {
        int columns = columns(screen);
        int rows = rows(screen);
        int layer = slot / (columns * rows);
        int column = slot % (columns * rows) / rows;
        int row = slot % rows;
        int x0 = screen.x + Math.max(0, (screen.width - NOMINAL.width - (columns - 1) * COLUMN) / 2);
        int y0 = screen.y + Math.max(0, (screen.height - NOMINAL.height - (rows - 1) * STEP) / 2);
        int x = x0 + column * COLUMN + layer * LAYER_SHIFT;
        int y = y0 + row * STEP + layer * LAYER_SHIFT;
        x = Math.max(screen.x, Math.min(x, screen.x + screen.width - size.width));
        y = Math.max(screen.y, Math.min(y, screen.y + screen.height - size.height));
        return new Point(x, y);
    }
}
