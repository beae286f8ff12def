package org.mediachange.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import org.mediachange.common.cli.ConfigFileDefaults;
import org.mediachange.common.protocol.Wire;
import picocli.CommandLine;

/** Entry point of {@code mediachangec}; the only place that calls {@link System#exit}. */
public final class Main {

    /** The client's configuration file in the configuration directory. */
    public static final String SYSTEM_CONFIG_FILE = "mediachangec.properties";

    /** The user's own client configuration file, in their home directory. */
    public static final String USER_CONFIG_FILE = ".mediachangec.properties";

    private Main() {
    }

    /** Runs the client and exits with its {@link ExitCode}. */
    public static void main(String[] args) {
        // Explicit UTF-8: under LANG=C the JDK 17 default would turn non-ASCII into '?'.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), Wire.CHARSET));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), Wire.CHARSET));
        CommandLine commandLine = ClientCommand.commandLine(System.in, out, err);
        // Option defaults (and the default host) from the system file, then the user's own.
        ConfigFileDefaults.install(commandLine, List.of(ConfigFileDefaults.confDir().resolve(SYSTEM_CONFIG_FILE),
                ConfigFileDefaults.userHome().resolve(USER_CONFIG_FILE)), null, Set.of(ClientCommand.HOST_KEY));
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
