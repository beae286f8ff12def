package org.mediachange.daemon.model;

/** What the operator chose. Closing the dialog or pressing Esc is {@link #CANCEL}. */
public enum Decision {
    /** The operator pressed OK (or Return). */
    OK("Ok"),
    /** The operator pressed Cancel, pressed Esc, or closed the dialog. */
    CANCEL("Cancel");

    private final String word;

    Decision(String word) {
        this.word = word;
    }

    /** As people read it, and as the client hears it: {@code Ok}, {@code Cancel}. */
    public String word() {
        return word;
    }
}
