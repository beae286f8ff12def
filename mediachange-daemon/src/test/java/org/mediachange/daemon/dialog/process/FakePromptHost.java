package org.mediachange.daemon.dialog.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;
import org.mediachange.daemon.model.Decision;

/**
 * A stand-in dialog process for testing the supervisor without a display: a
 * real process speaking {@link PipeProtocol}. It appends every command it
 * receives to a journal file, and its pid to {@code JOURNAL.pids} when it
 * starts; when its input ends it takes 0.2 s, notes {@code input ended} and
 * exits 0. It answers {@code ping} at once (a real dialog process answers from
 * its event thread) unless the mode says otherwise.
 *
 * <p>Modes: {@code ok} answers every request OK; {@code hold} never answers;
 * {@code no-display} exits 3 like a dialog process without X;
 * {@code crash-once} exits 1 at its first request the first time it runs
 * (remembered by a marker file), and answers OK afterwards; {@code failed}
 * reports every request {@code failed}, as when its dialog cannot be built;
 * {@code no-pong} holds requests and never answers a ping, like a process
 * whose event thread is stuck; {@code never-ready} reads its input but never
 * says {@code ready}, like one whose X server never answers;
 * {@code endless-line} says {@code ready} and then prints one line that never
 * ends; {@code garbage} says {@code ready} and then something outside the
 * protocol; {@code endless-stderr} answers OK while printing one endless line
 * on stderr; {@code ok-when-released} answers OK but says {@code ready} only once
 * the file {@code JOURNAL.release} exists (a process still starting);
 * {@code ok-slow-exit} answers OK, and once its input has ended waits for
 * {@code JOURNAL.release} before it notes {@code exiting} and exits (a process
 * ending for idleness). Every process notes {@code started PID} first.
 */
public final class FakePromptHost {

    private FakePromptHost() {
    }

    /** Usage: {@code FakePromptHost MODE JOURNAL}. */
    public static void main(String[] args) throws IOException, InterruptedException {
        String mode = args[0];
        Path journal = Path.of(args[1]);
        long pid = ProcessHandle.current().pid();
        append(journal, "started " + pid);
        append(Path.of(args[1] + ".pids"), Long.toString(pid));
        Path release = Path.of(args[1] + ".release");
        if (mode.equals("no-display")) {
            System.err.println("cannot open X display DISPLAY=:fake");
            System.exit(PipeProtocol.EXIT_NO_DISPLAY);
        }
        Path crashed = Path.of(args[1] + ".crashed");
        if (mode.equals("ok-when-released")) {
            awaitFile(release);
        }
        if (!mode.equals("never-ready")) {
            say(PipeProtocol.READY);
        }
        if (mode.equals("endless-line")) {
            endless(System.out);
        }
        if (mode.equals("garbage")) {
            say("Exception in thread \"main\" \u001b[2J");
        }
        if (mode.equals("endless-stderr")) {
            Thread t = new Thread(() -> endless(System.err));
            t.setDaemon(true);
            t.start();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            append(journal, line);
            Optional<PipeProtocol.Command> cmd = PipeProtocol.parse(line);
            if (cmd.isPresent() && cmd.get() instanceof PipeProtocol.Ping p && !mode.equals("no-pong")) {
                say(PipeProtocol.pong(p.number()));
            }
            if (cmd.isEmpty() || !(cmd.get() instanceof PipeProtocol.Show s)) {
                continue;
            }
            if (mode.equals("crash-once") && !Files.exists(crashed)) {
                Files.createFile(crashed);
                System.err.println("simulated crash");
                System.exit(1);
            }
            if (mode.startsWith("ok") || mode.equals("crash-once") || mode.equals("endless-stderr")) {
                say(PipeProtocol.answer(s.id(), Decision.OK));
            } else if (mode.equals("failed")) {
                say(PipeProtocol.failed(s.id()));
            }
        }
        Thread.sleep(200); // like a dialog process closing its dialogs
        append(journal, "input ended");
        if (mode.equals("ok-slow-exit")) {
            awaitFile(release);
            append(journal, "exiting");
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        while (!Files.exists(file)) {
            Thread.sleep(20);
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Prints {@code x} without end, in large writes, until the stream breaks. */
    private static void endless(PrintStream stream) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        while (!stream.checkError()) {
            stream.write(chunk, 0, chunk.length);
        }
        System.exit(4);
    }
}
