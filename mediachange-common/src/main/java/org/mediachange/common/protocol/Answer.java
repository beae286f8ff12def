package org.mediachange.common.protocol;

/**
 * The first word of every line the daemon sends back. {@link #OK} and
 * {@link #CANCEL} are the original daemon's two answers; the others are
 * mediachange's additions, which an old client simply prints.
 */
public enum Answer {
    /** The operator pressed OK. */
    OK("Ok"),
    /** The operator pressed Cancel, pressed Esc or closed the dialog. */
    CANCEL("Cancel"),
    /** The peer's address is not on the daemon's allow-list. */
    DENIED("Denied"),
    /** Too many requests are pending; try again later. */
    BUSY("Busy"),
    /** Nobody answered within the daemon's answer timeout. */
    TIMEOUT("Timeout"),
    /** The request was refused; a reason follows the word. */
    ERROR("Error");

    private final String word;

    Answer(String word) {
        this.word = word;
    }

    /** The word exactly as it appears on the wire. */
    public String word() {
        return word;
    }

    /** The answer whose wire word is exactly {@code word}, or {@code null}. */
    static Answer fromWord(String word) {
        for (Answer a : values()) {
            if (a.word.equals(word)) {
                return a;
            }
        }
        return null;
    }
}
