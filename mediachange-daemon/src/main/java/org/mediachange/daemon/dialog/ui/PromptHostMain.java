package org.mediachange.daemon.dialog.ui;

import java.awt.EventQueue;
import java.awt.Window;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mediachange.common.time.Durations;
import org.mediachange.daemon.dialog.NoDisplayException;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;
import org.mediachange.daemon.model.Decision;

/**
 * The dialog process: started by the daemon, it opens the X display, shows
 * the requests the daemon sends on stdin with {@link SwingOperatorPrompt},
 * and reports answers on stdout (see {@link PipeProtocol}). It lives and dies
 * with the X server; the daemon restarts it and shows the pending requests
 * again. It ends as soon as its stdin ends, i.e. when the daemon is gone or
 * lets it go: it halts, so that no AWT shutdown work can keep it alive.
 *
 * <p>Exit codes: 0 when stdin ends, {@value PipeProtocol#EXIT_NO_DISPLAY} when
 * the display cannot be opened, 2 for bad arguments.
 *
 * <p>Started on demand, it has a request waiting the moment it is ready, so it
 * shows that one first; started with nothing to show ({@value PipeProtocol#WARM_UP}),
 * it builds a dialog off screen before it says {@code ready}, so that the first
 * request does not wait for Swing to warm up.
 */
public final class PromptHostMain {

    /** How long the dialogs get to close once stdin has ended. */
    private static final Duration DISPOSE_WAIT = Duration.ofMillis(500);

    private PromptHostMain() {
    }

    /** Usage: {@code PromptHostMain BELL_INTERVAL [warm-up]}. */
    public static void main(String[] args) throws IOException {
        // stdout carries the protocol only: anything else printing to System.out goes to stderr.
        PrintWriter protocol = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        if (args.length < 1 || args.length > 2 || args.length == 2 && !args[1].equals(PipeProtocol.WARM_UP)) {
            System.err.println("usage: PromptHostMain BELL_INTERVAL [" + PipeProtocol.WARM_UP + "]");
            System.exit(2);
        }
        Duration bellInterval = Durations.parse(args[0]);
        SwingOperatorPrompt prompt;
        try {
            prompt = SwingOperatorPrompt.open(bellInterval, Bell.TOOLKIT, args.length == 2);
        } catch (NoDisplayException e) {
            System.err.println(e.getMessage());
            System.exit(PipeProtocol.EXIT_NO_DISPLAY);
            return;
        }
        send(protocol, PipeProtocol.READY);
        try {
            serve(prompt, protocol, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        } finally {
            // The daemon is gone (or stopping us): close the dialogs if the event thread still
            // works, then halt, as exit() would wait for shutdown hooks that a stuck AWT can block.
            disposeWindows();
            Runtime.getRuntime().halt(0);
        }
    }

    /** Handles commands until stdin ends. */
    static void serve(OperatorPrompt prompt, PrintWriter protocol, BufferedReader in) throws IOException {
        Map<Long, CompletableFuture<Decision>> shown = new ConcurrentHashMap<>();
        try (EventThreadWatch liveness = EventThreadWatch.start(protocol)) {
            serve(prompt, protocol, in, shown, liveness);
        }
    }

    private static void serve(OperatorPrompt prompt, PrintWriter protocol, BufferedReader in,
            Map<Long, CompletableFuture<Decision>> shown, EventThreadWatch liveness) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            Optional<PipeProtocol.Command> cmd = PipeProtocol.parse(line);
            if (cmd.isPresent() && cmd.get() instanceof PipeProtocol.Show s) {
                long id = s.id();
                if (shown.containsKey(id)) {
                    continue; // the daemon may send a request twice around a restart: show it once
                }
                CompletableFuture<Decision> f = prompt.ask(s.request());
                shown.put(id, f);
                // Registered after put: a future that is already complete is forgotten at once.
                f.whenComplete((d, ex) -> {
                    shown.remove(id, f);
                    if (d != null) {
                        send(protocol, PipeProtocol.answer(id, d));
                    } else if (!(ex instanceof CancellationException)) {
                        // The reason goes to stderr, the daemon's log; the protocol line carries none.
                        System.err.println("the dialog of request " + id + " failed: " + ex);
                        send(protocol, PipeProtocol.failed(id));
                    }
                });
            } else if (cmd.isPresent() && cmd.get() instanceof PipeProtocol.Close c) {
                CompletableFuture<Decision> f = shown.remove(c.id());
                if (f != null) {
                    f.cancel(false);
                }
            } else if (cmd.isPresent() && cmd.get() instanceof PipeProtocol.Ping p) {
                liveness.ping(p.number()); // answered only while the event thread makes progress
            } else {
                System.err.println("ignoring unknown command");
            }
        }
    }

    private static void send(PrintWriter protocol, String line) {
        synchronized (protocol) {
            protocol.println(line);
            protocol.flush();
        }
    }

    /** Disposes every window on the event thread, waiting at most {@link #DISPOSE_WAIT}. */
    private static void disposeWindows() {
        CountDownLatch done = new CountDownLatch(1);
        EventQueue.invokeLater(() -> {
            for (Window w : Window.getWindows()) {
                w.dispose();
            }
            done.countDown();
        });
        try {
            done.await(DISPOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
