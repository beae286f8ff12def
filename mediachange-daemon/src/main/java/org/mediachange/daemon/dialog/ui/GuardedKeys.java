package org.mediachange.daemon.dialog.ui;

import java.awt.Component;
import java.awt.KeyEventDispatcher;
import java.awt.KeyboardFocusManager;
import java.awt.Window;
import java.awt.event.ComponentAdapter;
import java.awt.event.ComponentEvent;
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
    /** Root pane property marking a window whose listeners arm its guard, whichever it has at the time. */
    private static final String ARMED_BY_WINDOW = PROPERTY + ".window";
    private static final GuardedKeys DISPATCHER = new GuardedKeys();
    private static boolean installed;

    private GuardedKeys() {
    }

    /**
     * Guards {@code dialog}'s keys for {@code delay} from now on, and again whenever it
     * opens or is shown again, takes the focus, or {@code text} is first painted. A
     * window shown again for another request gets a new guard. Must run on the event
     * dispatch thread.
     */
    static void guard(JDialog dialog, MessageText text, Duration delay) {
        if (!installed) {
            KeyboardFocusManager.getCurrentKeyboardFocusManager().addKeyEventDispatcher(DISPATCHER);
            installed = true;
        }
        KeyGuard guard = new KeyGuard(delay, System.nanoTime());
        JRootPane root = dialog.getRootPane();
        root.putClientProperty(PROPERTY, guard);
        if (root.getClientProperty(ARMED_BY_WINDOW) == null) {
            root.putClientProperty(ARMED_BY_WINDOW, Boolean.TRUE);
            WindowAdapter arm = new WindowAdapter() {
                @Override
                public void windowOpened(WindowEvent e) {
                    arm(dialog);
                }

                @Override
                public void windowGainedFocus(WindowEvent e) {
                    arm(dialog);
                }
            };
            dialog.addWindowListener(arm);
            dialog.addWindowFocusListener(arm);
            dialog.addComponentListener(new ComponentAdapter() {
                @Override
                public void componentShown(ComponentEvent e) {
                    arm(dialog);
                }
            });
        }
        text.onFirstPaint(() -> guard.arm(System.nanoTime()));
    }

    /** {@code dialog} shows no request now: its keys count for nothing until it is guarded again. */
    static void release(JDialog dialog) {
        dialog.getRootPane().putClientProperty(PROPERTY, new KeyGuard(Duration.ofDays(1), System.nanoTime()));
    }

    private static void arm(Window window) {
        KeyGuard guard = guardOf(window);
        if (guard != null) {
            guard.arm(System.nanoTime());
        }
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
