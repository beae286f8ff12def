package org.mediachange.daemon.dialog;

/**
 * What a dialog that cannot be shown (or built) means for its request;
 * decided once at start, from whether another surface can answer.
 */
public enum WhenDialogFails {

    /** The dialog is the only surface that can answer: the request ends with {@code Error dialog failed}. */
    END_REQUEST,

    /** Another surface can answer (the web console is on): the request stays pending there. */
    LEAVE_TO_OTHER_SURFACES
}
