package org.mediachange.daemon.prompt.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.mediachange.daemon.prompt.Decision;

/**
 * A stand-in dialog process for testing the supervisor without a display.
 * Speaks {@link PipeProtocol} and appends every command it receives to a
 * journal file. Modes: {@code ok} answers every request OK; {@code hold} never
 * answers; {@code no-display} exits 3 like a dialog process without X;
 * {@code crash-once} exits 1 at its first request the first time it runs
 * (remembered by a marker file), and answers OK afterwards.
 */
public final class FakePromptHost {

    private FakePromptHost() {
    }

    /** Usage: {@code FakePromptHost MODE JOURNAL}. */
    public static void main(String[] args) throws IOException {
        String mode = args[0];
        Path journal = Path.of(args[1]);
        if (mode.equals("no-display")) {
            System.err.println("cannot open X display DISPLAY=:fake");
            System.exit(PromptHostMain.EXIT_NO_DISPLAY);
        }
        Path crashed = Path.of(args[1] + ".crashed");
        System.out.println(PipeProtocol.READY);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            Files.writeString(journal, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Optional<PipeProtocol.Command> cmd = PipeProtocol.parse(line);
            if (cmd.isEmpty() || !(cmd.get() instanceof PipeProtocol.Show s)) {
                continue;
            }
            if (mode.equals("crash-once") && !Files.exists(crashed)) {
                Files.createFile(crashed);
                System.err.println("simulated crash");
                System.exit(1);
            }
            if (mode.equals("ok") || mode.equals("crash-once")) {
                System.out.println(PipeProtocol.answer(s.id(), Decision.OK));
                System.out.flush();
            }
        }
    }
}
