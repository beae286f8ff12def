package org.mediachange.daemon.notify;

/** Why a notify command runs; the word is {@code MEDIACHANGE_EVENT}. */
public enum NotifyEvent {
    /** A request has waited {@code after} (at once by default). */
    NEW("new"),
    /** It still waits, {@code every} later. */
    REMINDER("reminder"),
    /** It ended, after a {@link #NEW} run. */
    CLOSED("closed");

    private final String word;

    NotifyEvent(String word) {
        this.word = word;
    }

    /** The value of {@code MEDIACHANGE_EVENT}. */
    public String word() {
        return word;
    }
}
