package org.mediachange.daemon.dialog;

import java.time.Duration;
import java.util.Objects;
import org.mediachange.common.time.Durations;

/**
 * How long the dialog process stays once no dialog is left to show
 * ({@code --dialog-keep-warm}): a request within that time is shown by the
 * running process at once; after it, the process ends and the next request
 * starts another. {@link #ALWAYS} starts it with the daemon and keeps it.
 *
 * @param idle   how long it stays without a dialog; ignored when {@code always}
 * @param always whether it starts with the daemon and never ends for want of dialogs
 */
public record KeepWarm(Duration idle, boolean always) {

    /** The word that stands for {@link #ALWAYS} in options and configuration files. */
    public static final String ALWAYS_WORD = "always";

    /** Started with the daemon and kept, as before the dialog process was started on demand. */
    public static final KeepWarm ALWAYS = new KeepWarm(Durations.MAX, true);

    /** Rejects a null or negative time. */
    public KeepWarm {
        Objects.requireNonNull(idle, "idle");
        if (idle.isNegative()) {
            throw new IllegalArgumentException("negative keep-warm time");
        }
    }

    /** Stays {@code idle} after its last dialog. */
    public static KeepWarm after(Duration idle) {
        return new KeepWarm(idle, false);
    }

    /**
     * Parses what {@code --dialog-keep-warm} takes: {@value #ALWAYS_WORD} or a duration.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static KeepWarm parse(String text) {
        return ALWAYS_WORD.equalsIgnoreCase(text.trim()) ? ALWAYS : after(Durations.parse(text));
    }

    /** As the option takes it: {@value #ALWAYS_WORD} or the duration. */
    @Override
    public String toString() {
        return always ? ALWAYS_WORD : Durations.format(idle);
    }
}
