package org.mediachange.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
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
        int code = ClientCommand.commandLine(System.in, out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
