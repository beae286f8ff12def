package org.mediachange.daemon.cli;

/** How requests are shown at the console ({@code --dialog}); the names are the option's values. */
enum DialogMode {
    /** A dialog on the X display named by {@code DISPLAY}. */
    x11,
    /** No dialog and no X display: only the web console answers. */
    none
}
