package org.mediachange.daemon.dialog.ui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Frame;
import java.awt.Point;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.time.Duration;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JRootPane;
import javax.swing.JScrollPane;
import javax.swing.UIManager;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;

/**
 * Builds the operator's dialog for one request: a non-modal {@link JOptionPane}
 * with OK and Cancel, the information icon, the original daemon's light cyan
 * background, and the text in a {@link MessageText}, in a scroll pane when it
 * is taller than {@value #MAX_TEXT_HEIGHT} pixels. Keys are ignored for a moment
 * after the dialog appears or takes the focus ({@link KeyGuard}).
 *
 * <p>The window is the costly part (an X window and three helpers, their
 * properties and events, in the X server and in AWT: most of the time a burst
 * of dialogs takes), so a closed dialog's window can be used again, hidden
 * until then, for the next request ({@link #reuse}, {@link #release}); its
 * content is built anew for each request.
 *
 * <p>The text is deliberately never passed to Swing as a String: a JLabel (which
 * JOptionPane makes from a String) renders text starting with {@code <html>} as
 * HTML and loads its {@code <img>} sources from the network. A MessageText draws
 * the characters as they are, and the cost of building and painting the dialog
 * does not depend on what they are.
 */
public final class MessageDialog {

    /** The original daemon's background colour. */
    public static final Color BACKGROUND = new Color(0xEC, 0xFF, 0xFF);

    /** Window titles start with this, so the operator (and xdotool) can find the dialogs. */
    public static final String TITLE_PREFIX = "mediachanged";

    /** Taller text is shown in a scroll pane of this height. */
    public static final int MAX_TEXT_HEIGHT = 420;

    private static final double WRAP_INCHES = 6.0;
    private static final float FONT_SIZE = 14f;

    private final JDialog dialog;
    private final JOptionPane pane;
    private final MessageText text;
    private final boolean scrolls;

    private MessageDialog(JDialog dialog, JOptionPane pane, MessageText text, boolean scrolls) {
        this.dialog = dialog;
        this.pane = pane;
        this.text = text;
        this.scrolls = scrolls;
    }

    /** Root pane property holding the dialog a window shows now, for the window's listeners. */
    private static final String CURRENT = MessageDialog.class.getName();

    /** Set once the operator's first focus went to this dialog's initial button. */
    private boolean focused;

    /** The title for a request from {@code hostName}. */
    public static String title(RequestInfo request) {
        return TITLE_PREFIX + ": message from " + Escaper.forDisplay(request.host());
    }

    /** The text shown for {@code request}: header, blank line, message. */
    public static String text(RequestInfo request) {
        return "Message from " + Escaper.forDisplay(request.host()) + " (" + Escaper.forDisplay(request.peer())
                + ")\n\n" + Escaper.forDisplay(request.message());
    }

    /**
     * Builds (but does not show, and makes no X window for) the dialog; see
     * {@link #showAt}. Must run on the event dispatch thread.
     */
    public static MessageDialog create(RequestInfo request) {
        return create(request, KeyGuard.DELAY);
    }

    /** As {@link #create(RequestInfo)}, ignoring keys for {@code keyDelay} (tests use a longer one). */
    static MessageDialog create(RequestInfo request, Duration keyDelay) {
        return build(request, keyDelay, window());
    }

    /**
     * As {@link #create(RequestInfo)}, in {@code window}, the window of a dialog that was
     * {@link #release}d: hidden, keeping its X window, which saves most of the cost of a new one.
     */
    static MessageDialog reuse(RequestInfo request, JDialog window) {
        return build(request, KeyGuard.DELAY, window);
    }

    private static MessageDialog build(RequestInfo request, Duration keyDelay, JDialog dialog) {
        int wrapWidth = (int) Math.round(WRAP_INCHES * Toolkit.getDefaultToolkit().getScreenResolution());
        MessageText text = new MessageText(text(request), font(), wrapWidth);
        text.setBackground(BACKGROUND);
        JComponent body = text;
        Dimension size = text.getPreferredSize();
        if (size.height > MAX_TEXT_HEIGHT) {
            JScrollPane scroll = new JScrollPane(text, JScrollPane.VERTICAL_SCROLLBAR_ALWAYS,
                    JScrollPane.HORIZONTAL_SCROLLBAR_NEVER);
            scroll.setPreferredSize(new Dimension(size.width + 24, MAX_TEXT_HEIGHT));
            scroll.getViewport().setBackground(BACKGROUND);
            body = scroll;
        }
        JOptionPane pane = new JOptionPane(body, JOptionPane.INFORMATION_MESSAGE, JOptionPane.OK_CANCEL_OPTION);
        dialog.setTitle(title(request));
        dialog.setComponentOrientation(pane.getComponentOrientation());
        Container content = dialog.getContentPane();
        content.removeAll();
        content.add(pane, BorderLayout.CENTER);
        tint(pane);
        MessageDialog md = new MessageDialog(dialog, pane, text, body != text);
        dialog.getRootPane().putClientProperty(CURRENT, md);
        GuardedKeys.guard(dialog, text, keyDelay);
        return md;
    }

    /**
     * A non-modal dialog window, set up as {@code JOptionPane.createDialog} sets one up
     * for the pane it shows at the time (closing the window is the pane's null value,
     * i.e. Cancel; the first focus selects the initial button, OK, which becomes the
     * default button, so Return presses it), but without its X window: createDialog
     * makes one at the centre of the screen, and moving it to the dialog's cascade slot
     * afterwards races, without a window manager, with the X server's report of the
     * first position, which can leave Java believing the dialog is still at the centre.
     * {@link #showAt} makes the window where it is shown, placed once.
     */
    private static JDialog window() {
        JDialog dialog = new JDialog((Frame) null, TITLE_PREFIX, false);
        dialog.getContentPane().setLayout(new BorderLayout());
        dialog.getContentPane().setBackground(BACKGROUND);
        dialog.setResizable(false);
        dialog.setAlwaysOnTop(true);
        if (JDialog.isDefaultLookAndFeelDecorated() && UIManager.getLookAndFeel().getSupportsWindowDecorations()) {
            dialog.setUndecorated(true);
            dialog.getRootPane().setWindowDecorationStyle(JRootPane.INFORMATION_DIALOG);
        }
        WindowAdapter closeAndFocus = new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                MessageDialog md = current(dialog);
                if (md != null) {
                    md.pane.setValue(null);
                }
            }

            @Override
            public void windowGainedFocus(WindowEvent e) {
                MessageDialog md = current(dialog);
                if (md != null && !md.focused) {
                    md.focused = true;
                    md.pane.selectInitialValue();
                }
            }
        };
        dialog.addWindowListener(closeAndFocus);
        dialog.addWindowFocusListener(closeAndFocus);
        return dialog;
    }

    private static MessageDialog current(JDialog dialog) {
        return (MessageDialog) dialog.getRootPane().getClientProperty(CURRENT);
    }

    /**
     * Hides the dialog and empties its window, which {@link #reuse} can fill again
     * for another request; returns the window. Must run on the event dispatch thread.
     */
    JDialog release() {
        dialog.getRootPane().putClientProperty(CURRENT, null);
        GuardedKeys.release(dialog);
        dialog.setVisible(false);
        dialog.getContentPane().removeAll();
        dialog.setTitle("");
        return dialog;
    }

    /** The size the dialog will have (before it is shown, without window decorations). */
    public Dimension size() {
        return dialog.getPreferredSize();
    }

    /** Whether the text is in a scroll pane (it is taller than {@value #MAX_TEXT_HEIGHT} pixels). */
    public boolean scrolls() {
        return scrolls;
    }

    /** Paints the whole dialog now, on the event dispatch thread, instead of when the repaint manager gets to it. */
    public void paintNow() {
        JRootPane root = dialog.getRootPane();
        root.paintImmediately(0, 0, root.getWidth(), root.getHeight());
    }

    /**
     * Shows the dialog with its top-left corner at {@code location}: makes its X
     * window there (sized as {@code pack} sizes it) and maps it.
     */
    public void showAt(Point location) {
        dialog.setLocation(location);
        dialog.pack();
        dialog.setVisible(true);
    }

    /** The font of the text: the look and feel's label font, at 14 points. */
    static Font font() {
        Font base = UIManager.getFont("Label.font");
        return base != null ? base.deriveFont(FONT_SIZE) : new Font(Font.DIALOG, Font.PLAIN, (int) FONT_SIZE);
    }

    /**
     * Whether a key pressed in {@code window} now would count, i.e. its
     * {@link KeyGuard} delay is over (for tests that type into a dialog).
     * Must run on the event dispatch thread.
     */
    public static boolean acceptsKeys(Window window) {
        return GuardedKeys.acceptsKeys(window);
    }

    private static void tint(Container c) {
        c.setBackground(BACKGROUND);
        for (Component child : c.getComponents()) {
            if (child instanceof JPanel || child instanceof JOptionPane) {
                tint((Container) child);
            }
        }
    }

    /** The window. */
    public JDialog dialog() {
        return dialog;
    }

    /** The option pane inside the window. */
    public JOptionPane pane() {
        return pane;
    }

    /** The component that shows the text. */
    public MessageText text() {
        return text;
    }

    /** The decision the pane's current value stands for: only the OK button means OK. */
    public static Decision decisionFor(Object paneValue) {
        return Integer.valueOf(JOptionPane.OK_OPTION).equals(paneValue) ? Decision.OK : Decision.CANCEL;
    }
}
