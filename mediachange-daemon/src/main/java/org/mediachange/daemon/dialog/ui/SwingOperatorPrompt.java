package org.mediachange.daemon.dialog.ui;

import java.awt.AWTEvent;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.swing.JDialog;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import org.mediachange.daemon.dialog.DialogFailedException;
import org.mediachange.daemon.dialog.NoDisplayException;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows each request as its own non-modal {@link MessageDialog}, on top of
 * other windows and placed so that every pending request keeps its first line
 * in sight ({@link DialogSlots}); a click brings a dialog to the front; the
 * requests of different hosts take turns ({@link ShowQueue}). Rings
 * the bell when a dialog appears and every bell interval while any is open.
 * A request whose dialog cannot be built or shown (anything thrown, an
 * {@link OutOfMemoryError} included) ends with a {@link DialogFailedException}
 * instead of waiting for a dialog that will never come, and the next requests
 * get theirs. The window of a closed dialog is kept hidden, up to
 * {@value #SPARE_WINDOWS} of them, and used again for the next request: a
 * window is most of what a dialog costs (docs/PERFORMANCE.md). All Swing work
 * happens on the event dispatch thread; {@link #ask} may be called from any thread.
 */
public final class SwingOperatorPrompt implements OperatorPrompt {

    private static final Logger LOG = LoggerFactory.getLogger(SwingOperatorPrompt.class);

    /** Most closed dialogs' windows kept for reuse: twice the daemon's default --max-pending. */
    static final int SPARE_WINDOWS = 128;

    /** Whether {@link #raiseOnClick} is installed; touched only on the event dispatch thread. */
    private static boolean raisingOnClick;

    private final Bell bell;
    private final Dialogs dialogs;
    private final Timer bellTimer;
    private final DialogSlots slots = new DialogSlots();
    private final ShowQueue<Waiting> waiting = new ShowQueue<>();
    /** Open dialogs, oldest first, and their slots; touched only on the event dispatch thread. */
    private final Map<JDialog, Open> open = new LinkedHashMap<>();
    /** Hidden windows of closed dialogs, most recent first; touched only on the event dispatch thread. */
    private final Deque<JDialog> spare = new ArrayDeque<>();

    /** Builds a request's dialog, in a spare window if given one (which it may leave unused). */
    @FunctionalInterface
    interface Dialogs {
        MessageDialog build(RequestInfo request, JDialog spareWindow);
    }

    /** An open dialog and its cascade slot. */
    private record Open(MessageDialog dialog, int slot) {
    }

    private SwingOperatorPrompt(Duration bellInterval, Bell bell, Dialogs dialogs) {
        this.bell = bell;
        this.dialogs = dialogs;
        if (bellInterval.isZero()) {
            this.bellTimer = null;
        } else {
            int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bellInterval.toMillis()));
            this.bellTimer = new Timer(ms, e -> ringIfPending());
            this.bellTimer.setRepeats(true);
        }
    }

    /**
     * Connects to the X display named by {@code DISPLAY} and returns a prompt
     * that uses it, warmed up (see {@link #open(Duration, Bell, boolean)}).
     *
     * @param bellInterval how often to ring while a dialog is open; zero rings only when one appears
     * @param bell         the bell to ring
     * @throws NoDisplayException when no display can be opened
     */
    public static SwingOperatorPrompt open(Duration bellInterval, Bell bell) throws NoDisplayException {
        return open(bellInterval, bell, true);
    }

    /**
     * As {@link #open(Duration, Bell)}; with {@code warmUp}, first builds and paints a dialog
     * off screen, which saves the first request the time Swing takes to warm up but costs
     * that time now: worth it only when no request is waiting yet.
     */
    public static SwingOperatorPrompt open(Duration bellInterval, Bell bell, boolean warmUp)
            throws NoDisplayException {
        return open(bellInterval, bell, (request, window) -> window == null ? MessageDialog.create(request)
                : MessageDialog.reuse(request, window), warmUp);
    }

    /**
     * As {@link #open(Duration, Bell)}, building each request's dialog with {@code dialogs}, in a
     * window of its own each time (for tests).
     */
    static SwingOperatorPrompt open(Duration bellInterval, Bell bell, Function<RequestInfo, MessageDialog> dialogs)
            throws NoDisplayException {
        return open(bellInterval, bell, (request, window) -> dialogs.apply(request), true);
    }

    private static SwingOperatorPrompt open(Duration bellInterval, Bell bell, Dialogs dialogs, boolean warmUp)
            throws NoDisplayException {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isEmpty()) {
            throw NoDisplayException.displayNotSet();
        }
        if (GraphicsEnvironment.isHeadless()) {
            throw new NoDisplayException("cannot open X display DISPLAY=" + display
                    + ": Java runs headless (java.awt.headless=true or a headless JRE)", null);
        }
        try {
            // The first toolkit call connects to the X server; failures surface as Errors.
            Toolkit.getDefaultToolkit().getScreenSize();
            SwingUtilities.invokeAndWait(SwingOperatorPrompt::raiseOnClick);
            if (warmUp) {
                SwingUtilities.invokeAndWait(SwingOperatorPrompt::warmUp);
            }
        } catch (Error | java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            throw new NoDisplayException("cannot open X display DISPLAY=" + display + ": " + cause.getMessage()
                    + " (check DISPLAY and XAUTHORITY)", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoDisplayException("interrupted while opening DISPLAY=" + display, e);
        }
        return new SwingOperatorPrompt(bellInterval, bell, dialogs);
    }

    /**
     * Builds a real dialog (and its X window, unmapped), paints it off screen and
     * throws it away, so that the first request does not wait for Swing's classes
     * to load and its code to warm up: about 100 ms on a loaded two-core machine
     * (docs/PERFORMANCE.md). Nothing appears on the display.
     */
    private static void warmUp() {
        JDialog dialog = MessageDialog.create(new RequestInfo(0, Instant.EPOCH, "127.0.0.1", "warm-up", "warm-up")).dialog();
        dialog.pack(); // its X window too
        BufferedImage image = new BufferedImage(Math.max(1, dialog.getWidth()), Math.max(1, dialog.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            // print, not paint: no double buffer, so the window's own painting is left untouched.
            dialog.getRootPane().printAll(g);
        } finally {
            g.dispose();
            dialog.dispose();
        }
    }

    /**
     * Brings a dialog the operator clicks to the front, as a window manager would: without one
     * (as under Xvfb, or on a bare X server), a dialog covered by others could be clicked but
     * not read. Installed once, on the event dispatch thread.
     */
    private static void raiseOnClick() {
        if (raisingOnClick) {
            return;
        }
        raisingOnClick = true;
        Toolkit.getDefaultToolkit().addAWTEventListener(e -> {
            if (e.getID() == MouseEvent.MOUSE_PRESSED && e.getSource() instanceof Component c) {
                Window w = c instanceof Window window ? window : SwingUtilities.getWindowAncestor(c);
                if (w instanceof JDialog d && d.isShowing() && d.getTitle().startsWith(MessageDialog.TITLE_PREFIX)) {
                    d.toFront();
                }
            }
        }, AWTEvent.MOUSE_EVENT_MASK);
    }

    @Override
    public CompletableFuture<Decision> ask(RequestInfo request) {
        CompletableFuture<Decision> decision = new CompletableFuture<>();
        waiting.add(new Waiting(request, decision), request.peer());
        SwingUtilities.invokeLater(this::showNext);
        return decision;
    }

    /** One request waiting for its dialog. */
    private record Waiting(RequestInfo request, CompletableFuture<Decision> decision) {
    }

    /** Shows the request whose turn it is (one call per request asked). */
    private void showNext() {
        Waiting w = waiting.next();
        if (w != null) {
            show(w.request(), w.decision());
        }
    }

    private void show(RequestInfo request, CompletableFuture<Decision> decision) {
        if (decision.isDone()) {
            return; // withdrawn before it could be shown
        }
        MessageDialog md;
        JDialog window = spare.poll();
        try {
            md = dialogs.build(request, window);
        } catch (Throwable e) { // OutOfMemoryError included: this request ends, the next ones still get dialogs
            if (window != null) {
                window.dispose(); // in whatever state the failure left it
            }
            fail(decision, "building", request, e);
            return;
        }
        if (window != null && md.dialog() != window) {
            spare.push(window); // not used after all
        }
        JDialog dialog = md.dialog();
        JOptionPane pane = md.pane();
        Rectangle screen = dialog.getGraphicsConfiguration().getBounds();
        slots.fitTo(screen);
        int slot = slots.take();
        open.put(dialog, new Open(md, slot));
        // Whoever ends the request (operator, client, timeout, shutdown, failure) closes the dialog.
        decision.whenComplete((d, ex) -> SwingUtilities.invokeLater(() -> close(dialog)));
        try {
            pane.addPropertyChangeListener(JOptionPane.VALUE_PROPERTY, e -> {
                if (e.getNewValue() != JOptionPane.UNINITIALIZED_VALUE) {
                    decision.complete(MessageDialog.decisionFor(e.getNewValue()));
                }
            });
            md.showAt(DialogSlots.location(slot, md.size(), screen));
            dialog.toFront();
            if (!md.scrolls()) {
                // Painted now, not after the dialogs whose paint is already queued (a flood's). A long text
                // waits for the repaint manager: painting it twice (now, and when the X server exposes
                // the window) would slow a flood of them down.
                md.paintNow();
            }
        } catch (Throwable e) {
            open.remove(dialog); // not kept for reuse: its window is in whatever state the failure left it
            slots.release(slot);
            dialog.dispose();
            fail(decision, "showing", request, e);
            return;
        }
        LOG.debug("the dialog of request {} shown in slot {}", request.id(), slot);
        bell.ring();
        if (bellTimer != null && !bellTimer.isRunning()) {
            bellTimer.start();
        }
    }

    private static void fail(CompletableFuture<Decision> decision, String step, RequestInfo request, Throwable e) {
        // The request first: after an OutOfMemoryError, logging is the likelier step to fail again.
        decision.completeExceptionally(new DialogFailedException(step + " the dialog failed", e));
        LOG.error("{} the dialog of request {} failed; the request ends without one", step, request.id(), e);
    }

    private void close(JDialog dialog) {
        Open o = open.remove(dialog);
        if (o == null) {
            return;
        }
        boolean hadFocus = dialog.isFocused();
        slots.release(o.slot());
        if (spare.size() < SPARE_WINDOWS) {
            spare.push(o.dialog().release());
        } else {
            dialog.dispose();
        }
        if (open.isEmpty()) {
            if (bellTimer != null) {
                bellTimer.stop();
            }
        } else if (hadFocus) {
            // Keep the keyboard on the dialogs: the operator can answer one after another.
            JDialog newest = null;
            for (JDialog d : open.keySet()) {
                newest = d;
            }
            newest.toFront();
            newest.requestFocus();
        }
    }

    private void ringIfPending() {
        if (!open.isEmpty()) {
            bell.ring();
        }
    }
}
