package org.mediachange.daemon.dialog.ui;

import java.awt.event.KeyEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The rule that keeps a stray key press from answering a request nobody has
 * read: for {@link #DELAY} after a dialog appears, is first painted or takes
 * the keyboard focus, key presses are ignored; so is a key that was pressed
 * during that time, until it is released (a held key repeats its press, and a
 * held Return must not answer the dialog once the delay is over). Mouse
 * clicks are not affected.
 *
 * <p>Browsers do the same for their permission and security prompts: Chromium
 * ignores input for 500 ms after a dialog is shown and key repeats always
 * ({@code views::InputEventActivationProtector}); Firefox disables a security
 * dialog's buttons for 1,000 ms when it opens and 250 ms whenever it regains
 * the focus ({@code security.dialog_enable_delay}), and a permission prompt's
 * for 500 ms ({@code security.notification_enable_delay}). Our dialog appears
 * unannounced while the operator may be typing, so it takes 700 ms;
 * docs/RELIABILITY.md ("A stray Return") has the reasoning and measurements.
 * Confined to the event dispatch thread; times are {@link System#nanoTime()}.
 */
final class KeyGuard {

    /** How long keys are ignored after the dialog appears, is first painted or takes the focus. */
    static final Duration DELAY = Duration.ofMillis(700);

    private final long delayNanos;
    private long armedAt;
    /** Keys pressed while the guard was on and not released since. */
    private final Set<Integer> held = new HashSet<>();

    /** A guard that is on from {@code now}. */
    KeyGuard(Duration delay, long now) {
        this.delayNanos = delay.toNanos();
        this.armedAt = now;
    }

    /** Starts the delay again from {@code now}. */
    void arm(long now) {
        armedAt = now;
    }

    /** Whether a key pressed at {@code now} counts (ignoring keys still held from before). */
    boolean accepts(long now) {
        return now - armedAt >= delayNanos;
    }

    /**
     * Whether to ignore a key event of type {@code id} ({@link KeyEvent#KEY_PRESSED},
     * {@code KEY_RELEASED} or {@code KEY_TYPED}) for {@code keyCode} at {@code now}.
     */
    boolean ignores(int id, int keyCode, long now) {
        switch (id) {
            case KeyEvent.KEY_PRESSED:
                if (!accepts(now) || held.contains(keyCode)) {
                    held.add(keyCode);
                    return true;
                }
                return false;
            case KeyEvent.KEY_RELEASED:
                return held.remove(keyCode);
            default:
                return !accepts(now) || !held.isEmpty();
        }
    }
}
