package org.mediachange.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import org.mediachange.common.protocol.Wire;

/** Entry point of {@code mediachangec}; the only place that calls {@link System#exit}. */
public final class Main {

    private Main() {
    }

    /** Runs the client and exits with its {@link ExitCode}. */
    public static void main(String[] args) {
        // Explicit UTF-8: under LANG=C the JDK 17 default would turn non-ASCII into '?'.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), Wire.CHARSET));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), Wire.CHARSET));
        int code = run(args, System.in, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the client: plain command lines take the fast path, which never loads
     * picocli; everything else goes through the picocli command.
     */
    static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
        QuickArgs.Parsed quick = QuickArgs.parse(args);
        if (quick != null) {
            return Conversation.run(quick.request(), quick.quiet(), out, err).code();
        }
        return ClientCommand.commandLine(stdin, out, err).execute(args);
    }
}
