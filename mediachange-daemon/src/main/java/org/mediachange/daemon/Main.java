package org.mediachange.daemon;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.List;
import org.mediachange.common.cli.ConfigLocations;
import org.mediachange.common.protocol.Wire;
import org.mediachange.daemon.cli.DaemonCommand;
import org.mediachange.daemon.dialog.process.DialogProcessCommand;
import picocli.CommandLine;

/** Entry point of {@code mediachanged}; the only place that calls {@link System#exit}. */
public final class Main {

    /** The daemon's configuration file in the configuration directory. */
    public static final String CONFIG_FILE = "mediachanged.properties";

    private Main() {
    }

    /** Runs the daemon in the foreground until it is stopped. */
    public static void main(String[] args) {
        // The network daemon never draws: its dialogs live in a separate process (see ChildProcessPrompt).
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), Wire.CHARSET));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), Wire.CHARSET));
        CommandLine commandLine = DaemonCommand.commandLine(DialogProcessCommand.FACTORY, out, err);
        // Option defaults from mediachanged.properties in the configuration directory, or --config FILE.
        DaemonCommand.readConfigFiles(commandLine, List.of(ConfigLocations.confDir().resolve(CONFIG_FILE)));
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
