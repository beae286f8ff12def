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
        JDialog dialog = dialogFor(pane, title(request));
        dialog.setAlwaysOnTop(true);
        dialog.getContentPane().setBackground(BACKGROUND);
        tint(pane);
        GuardedKeys.guard(dialog, text, keyDelay);
        return new MessageDialog(dialog, pane, text, body != text);
    }

    /**
     * A non-modal dialog around {@code pane}, set up as {@code JOptionPane.createDialog}
     * sets one up (closing the window is the pane's null value, i.e. Cancel; the
     * first focus selects the initial button, OK, which becomes the default button,
     * so Return presses it), but without its X window: createDialog makes one at
     * the centre of the screen, and moving it to the dialog's cascade slot
     * afterwards races, without a window manager, with the X server's report of
     * the first position, which can leave Java believing the dialog is still at the
     * centre. {@link #showAt} makes the window where it is shown, placed once.
     */
    private static JDialog dialogFor(JOptionPane pane, String title) {
        JDialog dialog = new JDialog((Frame) null, title, false);
        dialog.setComponentOrientation(pane.getComponentOrientation());
        Container content = dialog.getContentPane();
        content.setLayout(new BorderLayout());
        content.add(pane, BorderLayout.CENTER);
        dialog.setResizable(false);
        if (JDialog.isDefaultLookAndFeelDecorated() && UIManager.getLookAndFeel().getSupportsWindowDecorations()) {
            dialog.setUndecorated(true);
            dialog.getRootPane().setWindowDecorationStyle(JRootPane.INFORMATION_DIALOG);
        }
        WindowAdapter closeAndFocus = new WindowAdapter() {
            private boolean focused;

            @Override
            public void windowClosing(WindowEvent e) {
                pane.setValue(null);
            }

            @Override
            public void windowGainedFocus(WindowEvent e) {
                if (!focused) {
                    focused = true;
                    pane.selectInitialValue();
                }
            }
        };
        dialog.addWindowListener(closeAndFocus);
        dialog.addWindowFocusListener(closeAndFocus);
        return dialog;
    }

    /** The size the dialog will have (before it is shown, without window decorations). */
    public Dimension size() {
        return dialog.isDisplayable() ? dialog.getSize() : dialog.getPreferredSize();
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
