package org.mediachange.daemon.dialog.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Point;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where pending dialogs go: every one keeps its first line in sight, a hundred of them too. */
class DialogSlotsTest {

    private static final Rectangle SMALL = new Rectangle(0, 0, 1280, 1024);
    private static final Rectangle WIDE = new Rectangle(0, 0, 1920, 1080);

    /** The dialog of {@code slot} at the nominal size. */
    private static Rectangle dialog(int slot, Rectangle screen) {
        Point p = DialogSlots.location(slot, DialogSlots.NOMINAL, screen);
        return new Rectangle(p, DialogSlots.NOMINAL);
    }

    /** The band at the top of a dialog that shows its first line, as far as the next column. */
    private static Rectangle firstLine(Rectangle dialog) {
        return new Rectangle(dialog.x, dialog.y, DialogSlots.COLUMN, DialogSlots.STEP);
    }

    @Test
    void aScreenOf1280x1024HoldsAHundredDialogsEachWithItsFirstLineInSight() {
        assertThat(DialogSlots.capacity(SMALL)).isGreaterThanOrEqualTo(100);
        assertThat(DialogSlots.capacity(WIDE)).isGreaterThanOrEqualTo(128);
        for (Rectangle screen : List.of(SMALL, WIDE)) {
            int n = DialogSlots.capacity(screen);
            for (int i = 0; i < n; i++) {
                Rectangle older = dialog(i, screen);
                assertThat(screen.contains(older)).as("slot %d on the screen", i).isTrue();
                for (int j = i + 1; j < n; j++) {
                    assertThat(dialog(j, screen).intersects(firstLine(older)))
                            .as("slot %d, shown later, covers the first line of slot %d", j, i).isFalse();
                }
            }
        }
    }

    @Test
    void aNewDialogGoesAfterTheLastOneOpenAndToTheFirstFreeSlotOnlyWhenTheGridIsFull() {
        DialogSlots slots = new DialogSlots();
        slots.fitTo(new Rectangle(0, 0, 560, 150 + 2 * DialogSlots.STEP)); // one column of 3
        assertThat(List.of(slots.take(), slots.take(), slots.take())).containsExactly(0, 1, 2);
        slots.release(0);
        assertThat(slots.take()).as("the grid is full: the first free slot").isEqualTo(0);
        slots.release(1);
        slots.release(2);
        assertThat(slots.take()).as("after the last one open").isEqualTo(1);
        List<Integer> all = new ArrayList<>();
        slots.release(0);
        slots.release(1);
        all.add(slots.take());
        assertThat(all).as("none open: from the start").containsExactly(0);
    }

    @Test
    void pastTheCapacityAnotherGridStartsAlittleFurtherDownAndRight() {
        int n = DialogSlots.capacity(SMALL);
        Rectangle first = dialog(0, SMALL);
        Rectangle again = dialog(n, SMALL);
        assertThat(again.x - first.x).isEqualTo(DialogSlots.LAYER_SHIFT);
        assertThat(again.y - first.y).isEqualTo(DialogSlots.LAYER_SHIFT);
    }

    @Test
    void aDialogTallerThanTheRoomLeftStaysOnTheScreen() {
        int n = DialogSlots.capacity(SMALL);
        Point p = DialogSlots.location(n - 1, new java.awt.Dimension(600, 560), SMALL);
        assertThat(SMALL.contains(new Rectangle(p, new java.awt.Dimension(600, 560)))).isTrue();
    }
}
