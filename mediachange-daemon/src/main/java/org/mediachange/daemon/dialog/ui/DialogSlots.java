package org.mediachange.daemon.dialog.ui;

import java.awt.Dimension;
import java.awt.Point;
import java.awt.Rectangle;
import java.util.BitSet;

/**
 * Places pending dialogs in a cascade so that none hides another completely:
 * each open dialog holds a slot, a new one takes the lowest free slot, and
 * slot {@code k} is offset by {@code k} steps down and right. After
 * {@link #PER_ROUND} steps the cascade starts again a little further right,
 * so even a hundred dialogs each keep an edge visible. Confined to the event
 * dispatch thread.
 */
final class DialogSlots {

    static final int STEP = 28;
    static final int PER_ROUND = 12;
    static final int ROUND_SHIFT = 9;

    private final BitSet taken = new BitSet();

    /** Takes the lowest free slot. */
    int take() {
        int k = taken.nextClearBit(0);
        taken.set(k);
        return k;
    }

    /** Frees {@code slot}. */
    void release(int slot) {
        taken.clear(slot);
    }

    /** Top-left corner for a dialog of {@code size} in {@code slot}, kept inside {@code screen}. */
    static Point location(int slot, Dimension size, Rectangle screen) {
        int step = slot % PER_ROUND;
        int round = slot / PER_ROUND;
        int x0 = screen.x + Math.max(0, (screen.width - size.width) / 2 - (PER_ROUND / 2) * STEP);
        int y0 = screen.y + Math.max(0, (screen.height - size.height) / 2 - (PER_ROUND / 2) * STEP);
        int x = x0 + step * STEP + round * ROUND_SHIFT;
        int y = y0 + step * STEP;
        x = Math.max(screen.x, Math.min(x, screen.x + screen.width - size.width));
        y = Math.max(screen.y, Math.min(y, screen.y + screen.height - size.height));
        return new Point(x, y);
    }
}
