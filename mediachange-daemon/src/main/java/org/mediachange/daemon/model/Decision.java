package org.mediachange.daemon.model;

/** What the operator chose. Closing the dialog or pressing Esc is {@link #CANCEL}. */
public enum Decision {
    /** The operator pressed OK (or Return). */
    OK,
    /** The operator pressed Cancel, pressed Esc, or closed the dialog. */
    CANCEL
}
