package org.mediachange.daemon.testing;

import java.awt.AWTException;
import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javax.swing.AbstractButton;
import javax.swing.JDialog;
import javax.swing.SwingUtilities;
import org.mediachange.daemon.dialog.ui.MessageDialog;

/**
 * Drives real Swing windows from a test thread: finds dialogs, reads them on
 * the event dispatch thread, and presses keys and buttons through
 * {@link Robot}, i.e. as X input events, not method calls.
 */
public final class SwingDriver {

    private static final long EDT_SECONDS = 60;

    private final Robot robot;

    /** A driver with its own Robot. */
    public SwingDriver() throws AWTException {
        robot = new Robot();
        robot.setAutoDelay(20);
    }

    /**
     * Runs {@code c} on the event dispatch thread and returns its result; fails
     * after 60 s, so a test whose event thread is stuck (laying out a dialog,
     * say) fails instead of hanging the build.
     */
    public static <T> T onEdt(Callable<T> c) throws Exception {
        if (SwingUtilities.isEventDispatchThread()) {
            return c.call();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        SwingUtilities.invokeLater(() -> {
            try {
                result.complete(c.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(EDT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw (Error) e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the event dispatch thread did not get to this within " + EDT_SECONDS + " s");
        }
    }

    /** The showing dialogs whose title starts with {@code mediachanged}. */
    public static List<JDialog> dialogs() throws Exception {
        return onEdt(() -> {
            List<JDialog> out = new ArrayList<>();
            for (Window w : Window.getWindows()) {
                if (w instanceof JDialog d && d.isShowing() && d.getTitle().startsWith("mediachanged")) {
                    out.add(d);
                }
            }
            return out;
        });
    }

    /** Waits up to {@code seconds} for {@code n} showing dialogs. */
    public static List<JDialog> awaitDialogs(int n, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<JDialog> now = dialogs();
        while (now.size() != n) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("expected " + n + " dialogs within " + seconds + " s, saw " + now.size());
            }
            Thread.sleep(20);
            now = dialogs();
        }
        return now;
    }

    /** Waits for exactly one showing dialog and returns it. */
    public static JDialog awaitDialog() throws Exception {
        return awaitDialogs(1, 10).get(0);
    }

    /** The first component under {@code root} of {@code type} matching {@code p}, or null. */
    public static <T extends Component> T find(Container root, Class<T> type, Predicate<T> p) throws Exception {
        return onEdt(() -> findNow(root, type, p));
    }

    private static <T extends Component> T findNow(Container root, Class<T> type, Predicate<T> p) {
        for (Component c : root.getComponents()) {
            if (type.isInstance(c) && p.test(type.cast(c))) {
                return type.cast(c);
            }
            if (c instanceof Container k) {
                T t = findNow(k, type, p);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /** The button labelled {@code text} in {@code dialog}. */
    public static AbstractButton button(JDialog dialog, String text) throws Exception {
        AbstractButton b = find(dialog, AbstractButton.class, x -> text.equals(x.getText()));
        if (b == null) {
            throw new AssertionError("no button '" + text + "'");
        }
        return b;
    }

    /** Clicks the middle of {@code c} with the mouse. */
    public void click(Component c) throws Exception {
        robot.waitForIdle();
        Point p = onEdt(() -> {
            Point at = c.getLocationOnScreen();
            return new Point(at.x + c.getWidth() / 2, at.y + c.getHeight() / 2);
        });
        robot.mouseMove(p.x, p.y);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
    }

    /**
     * Clicks the middle of {@code c} and at once presses {@code keyCode}, as an
     * operator typing into a window that has just appeared would: no waiting in between.
     */
    public void clickThenKey(Component c, int keyCode) throws Exception {
        robot.waitForIdle();
        Point p = onEdt(() -> {
            Point at = c.getLocationOnScreen();
            return new Point(at.x + c.getWidth() / 2, at.y + c.getHeight() / 2);
        });
        robot.mouseMove(p.x, p.y);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.keyPress(keyCode);
        robot.keyRelease(keyCode);
        robot.waitForIdle();
    }

    /**
     * Waits (at most 10 s) until {@code dialog} takes keys, i.e. the moment after it
     * appeared or took the focus, in which keys are ignored, is over.
     */
    public static void awaitKeysAccepted(JDialog dialog) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!onEdt(() -> MessageDialog.acceptsKeys(dialog))) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("dialog still ignores keys after 10 s");
            }
            Thread.sleep(20);
        }
    }

    /** Presses and releases {@code keyCode} (a {@code KeyEvent.VK_} constant). */
    public void key(int keyCode) {
        robot.waitForIdle();
        robot.keyPress(keyCode);
        robot.keyRelease(keyCode);
        robot.waitForIdle();
    }

    /** The pixels now on screen where {@code c} is. */
    public java.awt.image.BufferedImage capture(Component c) throws Exception {
        robot.waitForIdle();
        java.awt.Rectangle r = onEdt(() -> new java.awt.Rectangle(c.getLocationOnScreen(), c.getSize()));
        return robot.createScreenCapture(r);
    }

    /** Waits until {@code dialog} is no longer showing; fails after {@code seconds}. */
    public static void awaitGone(JDialog dialog, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (onEdt(dialog::isShowing)) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("dialog still showing after " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }
}
