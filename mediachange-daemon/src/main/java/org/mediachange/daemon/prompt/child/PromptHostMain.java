package org.mediachange.daemon.prompt.child;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.mediachange.common.time.Durations;
import org.mediachange.daemon.prompt.Bell;
import org.mediachange.daemon.prompt.Decision;
import org.mediachange.daemon.prompt.NoDisplayException;
import org.mediachange.daemon.prompt.SwingOperatorPrompt;

/**
 * The dialog process: started by the daemon, it opens the X display, shows
 * the requests the daemon sends on stdin with {@link SwingOperatorPrompt},
 * and reports answers on stdout (see {@link PipeProtocol}). It lives and dies
 * with the X server; the daemon restarts it and shows the pending requests
 * again. It exits when its stdin ends, i.e. when the daemon is gone.
 *
 * <p>Exit codes: 0 when stdin ends, {@value #EXIT_NO_DISPLAY} when the display
 * cannot be opened, 2 for bad arguments.
 */
public final class PromptHostMain {

    /** The display could not be opened. */
    public static final int EXIT_NO_DISPLAY = 3;

    private PromptHostMain() {
    }

    /** Usage: {@code PromptHostMain BELL_INTERVAL}. */
    public static void main(String[] args) throws IOException {
        // stdout carries the protocol only: anything else printing to System.out goes to stderr.
        PrintWriter protocol = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        if (args.length != 1) {
            System.err.println("usage: PromptHostMain BELL_INTERVAL");
            System.exit(2);
        }
        Duration bellInterval = Durations.parse(args[0]);
        SwingOperatorPrompt prompt;
        try {
            prompt = SwingOperatorPrompt.open(bellInterval, Bell.TOOLKIT);
        } catch (NoDisplayException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_NO_DISPLAY);
            return;
        }
        send(protocol, PipeProtocol.READY);
        serve(prompt, protocol, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        System.exit(0);
    }

    /** Handles commands until stdin ends. */
    static void serve(SwingOperatorPrompt prompt, PrintWriter protocol, BufferedReader in) throws IOException {
        Map<Long, CompletableFuture<Decision>> shown = new ConcurrentHashMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            Optional<PipeProtocol.Command> cmd = PipeProtocol.parse(line);
            if (cmd.isPresent() && cmd.get() instanceof PipeProtocol.Show s) {
                // The daemon may send the same request twice around a restart: show it once.
                shown.computeIfAbsent(s.id(), id -> {
                    CompletableFuture<Decision> f = prompt.ask(s.request());
                    f.whenComplete((d, ex) -> {
                        shown.remove(id);
                        if (d != null) {
                            send(protocol, PipeProtocol.answer(id, d));
                        }
                    });
                    return f;
                });
            } else if (cmd.isPresent() && cmd.get() instanceof PipeProtocol.Close c) {
                CompletableFuture<Decision> f = shown.remove(c.id());
                if (f != null) {
                    f.cancel(false);
                }
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
}
