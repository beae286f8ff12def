package org.mediachange.daemon.dialog.ui;

import java.awt.Component;
import java.awt.KeyEventDispatcher;
import java.awt.KeyboardFocusManager;
import java.awt.Window;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.time.Duration;
import javax.swing.JDialog;
import javax.swing.JRootPane;
import javax.swing.RootPaneContainer;
import javax.swing.SwingUtilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link KeyGuard} to a dialog: one key event dispatcher for the
 * whole process sees every key event before any component does (so the
 * default button's Return, the pane's Esc and a focused button's Space are all
 * covered) and drops those the guard of the event's window ignores. Each
 * guard lives in its dialog's root pane and goes with it.
 */
final class GuardedKeys implements KeyEventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedKeys.class);
    private static final String PROPERTY = GuardedKeys.class.getName();
    private static final GuardedKeys DISPATCHER = new GuardedKeys();
    private static boolean installed;

    private GuardedKeys() {
    }

    /**
     * Guards {@code dialog}'s keys for {@code delay} from now on, and again whenever it
     * opens, takes the focus, or {@code text} is first painted. Must run on the event
     * dispatch thread.
     */
    static void guard(JDialog dialog, MessageText text, Duration delay) {
        if (!installed) {
            KeyboardFocusManager.getCurrentKeyboardFocusManager().addKeyEventDispatcher(DISPATCHER);
            installed = true;
        }
        KeyGuard guard = new KeyGuard(delay, System.nanoTime());
        dialog.getRootPane().putClientProperty(PROPERTY, guard);
        WindowAdapter arm = new WindowAdapter() {
            @Override
            public void windowOpened(WindowEvent e) {
                guard.arm(System.nanoTime());
            }

            @Override
            public void windowGainedFocus(WindowEvent e) {
                guard.arm(System.nanoTime());
            }
        };
        dialog.addWindowListener(arm);
        dialog.addWindowFocusListener(arm);
        text.onFirstPaint(() -> guard.arm(System.nanoTime()));
    }

    /** Whether a key pressed in {@code window} now would count; true for windows without a guard. */
    static boolean acceptsKeys(Window window) {
        KeyGuard guard = guardOf(window);
        return guard == null || guard.accepts(System.nanoTime());
    }

    @Override
    public boolean dispatchKeyEvent(KeyEvent e) {
        Component c = e.getComponent();
        Window window = c instanceof Window w ? w : SwingUtilities.getWindowAncestor(c);
        KeyGuard guard = guardOf(window);
        if (guard == null || !guard.ignores(e.getID(), e.getKeyCode(), System.nanoTime())) {
            return false;
        }
        if (e.getID() == KeyEvent.KEY_PRESSED) {
            LOG.debug("ignored {} pressed too soon after the dialog appeared or took the focus",
                    KeyEvent.getKeyText(e.getKeyCode()));
        }
        e.consume();
        return true;
    }

    private static KeyGuard guardOf(Window window) {
        if (!(window instanceof RootPaneContainer rpc)) {
            return null;
        }
        JRootPane root = rpc.getRootPane();
        return root == null ? null : (KeyGuard) root.getClientProperty(PROPERTY);
    }
}
