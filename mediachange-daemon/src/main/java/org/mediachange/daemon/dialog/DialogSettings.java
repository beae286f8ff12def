package org.mediachange.daemon.dialog;

import java.time.Duration;
import java.util.Objects;

/**
 * What the operator prompt is opened with ({@link PromptFactory}).
 *
 * @param bellInterval how often to ring while requests are pending; zero for only when they appear
 * @param keepWarm     how long the dialog process stays without a dialog to show
 */
public record DialogSettings(Duration bellInterval, KeepWarm keepWarm) {

    /** Rejects nulls. */
    public DialogSettings {
        Objects.requireNonNull(bellInterval, "bellInterval");
        Objects.requireNonNull(keepWarm, "keepWarm");
    }
}
