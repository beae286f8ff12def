package org.mediachange.daemon.dialog.ui;

import static java.awt.event.KeyEvent.KEY_PRESSED;
import static java.awt.event.KeyEvent.KEY_RELEASED;
import static java.awt.event.KeyEvent.KEY_TYPED;
import static java.awt.event.KeyEvent.VK_ENTER;
import static java.awt.event.KeyEvent.VK_ESCAPE;
import static java.awt.event.KeyEvent.VK_UNDEFINED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@link KeyGuard} rule on a fake clock (milliseconds here, nanoseconds in the guard). */
class KeyGuardTest {

    private static long ms(long ms) {
        return ms * 1_000_000L;
    }

    private final KeyGuard guard = new KeyGuard(Duration.ofMillis(700), ms(1000));

    @Test
    void theDelayIsSevenHundredMilliseconds() {
        assertThat(KeyGuard.DELAY).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void aKeyPressedWithinTheDelayIsIgnoredWithItsRelease() {
        assertThat(guard.ignores(KEY_PRESSED, VK_ENTER, ms(1000 + 50))).isTrue();
        assertThat(guard.ignores(KEY_RELEASED, VK_ENTER, ms(1000 + 100))).isTrue();
        assertThat(guard.accepts(ms(1000 + 699))).isFalse();
    }

    @Test
    void aKeyPressedAfterTheDelayCounts() {
        assertThat(guard.accepts(ms(1000 + 700))).isTrue();
        assertThat(guard.ignores(KEY_PRESSED, VK_ENTER, ms(1000 + 700))).isFalse();
        assertThat(guard.ignores(KEY_TYPED, VK_UNDEFINED, ms(1000 + 701))).isFalse();
        assertThat(guard.ignores(KEY_RELEASED, VK_ENTER, ms(1000 + 750))).isFalse();
    }

    @Test
    void aKeyHeldSinceTheDelayIsIgnoredUntilReleasedEvenWhenItRepeats() {
        assertThat(guard.ignores(KEY_PRESSED, VK_ENTER, ms(1000 + 300))).isTrue();
        // Auto-repeat: more presses, no release, past the delay.
        assertThat(guard.ignores(KEY_PRESSED, VK_ENTER, ms(1000 + 800))).isTrue();
        assertThat(guard.ignores(KEY_TYPED, VK_UNDEFINED, ms(1000 + 800))).isTrue();
        assertThat(guard.ignores(KEY_PRESSED, VK_ENTER, ms(1000 + 2000))).isTrue();
        assertThat(guard.ignores(KEY_RELEASED, VK_ENTER, ms(1000 + 2100))).isTrue();
        // Released, then pressed afresh: counts.
        assertThat(guard.ignores(KEY_PRESSED, VK_ENTER, ms(1000 + 2200))).isFalse();
    }

    @Test
    void aHeldKeyDoesNotBlockAnotherOneAfterTheDelay() {
        guard.ignores(KEY_PRESSED, VK_ENTER, ms(1000 + 300));
        assertThat(guard.ignores(KEY_PRESSED, VK_ESCAPE, ms(1000 + 900))).isFalse();
    }

    @Test
    void armingAgainStartsTheDelayAgain() {
        assertThat(guard.accepts(ms(1000 + 800))).isTrue();
        guard.arm(ms(1000 + 800)); // the dialog took the focus
        assertThat(guard.ignores(KEY_PRESSED, VK_ESCAPE, ms(1000 + 1400))).isTrue();
        assertThat(guard.ignores(KEY_RELEASED, VK_ESCAPE, ms(1000 + 1450))).isTrue();
        assertThat(guard.ignores(KEY_PRESSED, VK_ESCAPE, ms(1000 + 1500))).isFalse();
    }
}
