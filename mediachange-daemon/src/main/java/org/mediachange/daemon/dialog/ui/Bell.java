package org.mediachange.daemon.dialog.ui;

import java.awt.Toolkit;

/** Rings the console bell; behind an interface so tests can count rings. */
@FunctionalInterface
public interface Bell {

    /** The X server's bell, as the original's {@code $mw->bell}. */
    Bell TOOLKIT = () -> Toolkit.getDefaultToolkit().beep();

    /** Rings once. */
    void ring();
}
