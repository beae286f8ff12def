package org.mediachange.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One in-process run of {@code mediachangec} as {@link Main} runs it (the fast
 * path for plain command lines, picocli for the rest): its exit code and
 * everything it printed.
 * Being a record, whole runs compare with one assertion that shows all three parts.
 *
 * @param exitCode the exit code
 * @param out      all of stdout
 * @param err      all of stderr
 */
record ClientRun(int exitCode, String out, String err) {

    /** Runs the client with an empty standard input. */
    static ClientRun run(String... args) {
        return runWithStdin(new ByteArrayInputStream(new byte[0]), args);
    }

    /** Runs the client with {@code stdin} (encoded as UTF-8) as standard input. */
    static ClientRun runWithStdin(String stdin, String... args) {
        return runWithStdin(new ByteArrayInputStream(stdin.getBytes(UTF_8)), args);
    }

    private static ClientRun runWithStdin(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            int code = Main.run(args, stdin, o, e);
            o.flush();
            e.flush();
            return new ClientRun(code, out.toString(), err.toString());
        }
    }

    /** The expected text of {@code lines} printed with {@code println}. */
    static String lines(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** stderr split into lines (without separators). */
    List<String> errLines() {
        return err.lines().toList();
    }
}
