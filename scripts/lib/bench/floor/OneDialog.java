import javax.swing.JDialog;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;

/**
 * The floor of a dialog from a fresh JVM, for section 9 of scripts/bench: shows one JOptionPane
 * message dialog (title TITLE, which the benchmark's xmapwatch matches), keeps it up for the
 * milliseconds given as the first argument (default 500), then exits. Nothing of mediachange in
 * it, and no lambda or string concatenation (each would bootstrap invokedynamic at start).
 */
public final class OneDialog implements Runnable {
    static final String TITLE = "mediachange-floor dialog";

    private OneDialog() {
    }

    @Override
    public void run() {
        JDialog dialog = new JOptionPane("Please mount the next volume", JOptionPane.INFORMATION_MESSAGE)
                .createDialog(TITLE);
        dialog.setModal(false);
        dialog.setVisible(true);
    }

    public static void main(String[] args) throws Exception {
        long hold = args.length > 0 ? Long.parseLong(args[0]) : 500L;
        SwingUtilities.invokeAndWait(new OneDialog());
        Thread.sleep(hold);
        System.exit(0);
    }
}
