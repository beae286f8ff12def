package org.mediachange.daemon.prompt;

import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Toolkit;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.UIManager;
import org.mediachange.common.text.Escaper;

/**
 * Builds the operator's dialog for one request: a non-modal {@link JOptionPane}
 * with OK and Cancel, the information icon, the original daemon's light cyan
 * background, and the text in a plain {@link JTextArea}.
 *
 * <p>The text is deliberately never passed to Swing as a String: a JLabel (which
 * JOptionPane makes from a String) renders text starting with {@code <html>} as
 * HTML and loads its {@code <img>} sources from the network. A JTextArea with a
 * plain document shows the characters as they are.
 */
public final class MessageDialog {

    /** The original daemon's background colour. */
    public static final Color BACKGROUND = new Color(0xEC, 0xFF, 0xFF);

    /** Window titles start with this, so the operator (and xdotool) can find the dialogs. */
    public static final String TITLE_PREFIX = "mediachanged";

    private static final double WRAP_INCHES = 6.0;
    private static final int MAX_TEXT_HEIGHT = 420;
    private static final float FONT_SIZE = 14f;

    private final JDialog dialog;
    private final JOptionPane pane;
    private final JTextArea text;

    private MessageDialog(JDialog dialog, JOptionPane pane, JTextArea text) {
        this.dialog = dialog;
        this.pane = pane;
        this.text = text;
    }

    /** The title for a request from {@code hostName}. */
    public static String title(PromptRequest request) {
        return TITLE_PREFIX + ": message from " + Escaper.forDisplay(request.hostName());
    }

    /** The text shown for {@code request}: header, blank line, message. */
    public static String text(PromptRequest request) {
        return "Message from " + Escaper.forDisplay(request.hostName()) + " (" + Escaper.forDisplay(request.address())
                + ")\n\n" + Escaper.forDisplay(request.message());
    }

    /** Builds (but does not show) the dialog. Must run on the event dispatch thread. */
    public static MessageDialog create(PromptRequest request) {
        JTextArea area = textArea(text(request));
        JComponent body = area;
        if (area.getPreferredSize().height > MAX_TEXT_HEIGHT) {
            JScrollPane scroll = new JScrollPane(area, JScrollPane.VERTICAL_SCROLLBAR_ALWAYS,
                    JScrollPane.HORIZONTAL_SCROLLBAR_NEVER);
            scroll.setPreferredSize(new Dimension(area.getPreferredSize().width + 24, MAX_TEXT_HEIGHT));
            scroll.getViewport().setBackground(BACKGROUND);
            body = scroll;
        }
        JOptionPane pane = new JOptionPane(body, JOptionPane.INFORMATION_MESSAGE, JOptionPane.OK_CANCEL_OPTION);
        JDialog dialog = pane.createDialog((Component) null, title(request));
        dialog.setModal(false);
        dialog.setAlwaysOnTop(true);
        dialog.getContentPane().setBackground(BACKGROUND);
        tint(pane);
        return new MessageDialog(dialog, pane, area);
    }

    private static JTextArea textArea(String content) {
        JTextArea area = new JTextArea(content);
        area.setEditable(false);
        // Not focusable, so Return reaches the default (OK) button and Esc the pane.
        area.setFocusable(false);
        area.setLineWrap(true);
        area.setWrapStyleWord(true);
        area.setOpaque(true);
        area.setBackground(BACKGROUND);
        Font base = UIManager.getFont("Label.font");
        area.setFont(base != null ? base.deriveFont(FONT_SIZE) : area.getFont().deriveFont(FONT_SIZE));

        int wrapWidth = (int) Math.round(WRAP_INCHES * Toolkit.getDefaultToolkit().getScreenResolution());
        FontMetrics fm = area.getFontMetrics(area.getFont());
        int longest = 0;
        for (String line : content.split("\n", -1)) {
            longest = Math.max(longest, fm.stringWidth(line));
        }
        int width = Math.min(wrapWidth, longest + 4);
        // Sizing the area first makes its preferred height account for the wrapped lines.
        area.setSize(width, Short.MAX_VALUE);
        area.setPreferredSize(new Dimension(width, area.getPreferredSize().height));
        return area;
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
    public JTextArea textArea() {
        return text;
    }

    /** The decision the pane's current value stands for: only the OK button means OK. */
    public static Decision decisionFor(Object paneValue) {
        return Integer.valueOf(JOptionPane.OK_OPTION).equals(paneValue) ? Decision.OK : Decision.CANCEL;
    }
}
