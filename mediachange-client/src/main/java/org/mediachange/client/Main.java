package org.mediachange.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.mediachange.common.cli.ConfigFile;
import org.mediachange.common.cli.ConfigLocations;
import org.mediachange.common.protocol.Wire;

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
        int code = run(args, System.in, out, err, configFiles());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The configuration files, system first, then the user's own; later ones win. */
    static List<Path> configFiles() {
        return List.of(ConfigLocations.confDir().resolve(SYSTEM_CONFIG_FILE),
                ConfigLocations.userHome().resolve(USER_CONFIG_FILE));
    }

    /** Runs the client with no configuration files. */
    static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
        return run(args, stdin, out, err, List.of());
    }

    /**
     * Runs the client. Plain command lines with plain configuration files take
     * the fast path, which never loads picocli (see {@link QuickArgs}); anything
     * else, and every problem with a file, goes to picocli, which explains it.
     */
    static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err, List<Path> configFiles) {
        QuickArgs.Parsed quick;
        try {
            quick = QuickArgs.parse(args, ConfigFile.readAll(configFiles));
        } catch (ConfigFile.Problem e) {
            quick = null; // ClientCommand reads the file again and reports it
        }
        if (quick != null) {
            return Conversation.run(quick.request(), quick.quiet(), out, err).code();
        }
        // Kept out of this class, which must not refer to picocli: see QuickArgs.
        return ClientCommand.execute(args, stdin, out, err, configFiles);
    }
}
