package org.mediachange.client.ctl;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mediachange.common.cli.ConfigLocations;

/** Entry point of {@code mediachangectl}; the only place that ends the process. */
public final class CtlMain {

    /** The configuration file in the configuration directory. */
    public static final String SYSTEM_CONFIG_FILE = "mediachangectl.properties";

    /** The user's own configuration file, in their home directory. */
    public static final String USER_CONFIG_FILE = ".mediachangectl.properties";

    /** How long a signal waits for {@code watch} to finish its last line. */
    private static final long STOP_WAIT_SECONDS = 5;

    private CtlMain() {
    }

    /** Runs a command and exits with its {@link CtlExitCode}. */
    public static void main(String[] args) {
        // Explicit UTF-8: under LANG=C the JDK 17 default would turn non-ASCII into '?'.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8));
        StopSignal stop = new StopSignal();
        AtomicInteger result = new AtomicInteger(CtlExitCode.DONE.code());
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C and SIGTERM end a running watch normally, with exit code 0: the hook stops it, lets it
        // return, and ends the process with its code. halt(), because the JVM is already shutting down,
        // where exit() would block. Any other command is left to the JVM's own ending (130, 143).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stop.fire()) {
                try {
                    finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.flush();
                err.flush();
                Runtime.getRuntime().halt(result.get());
            }
        }, "mediachangectl-stop"));
        int code = CtlCommand.execute(args, CtlContext.system(stop), out, err, configFiles());
        result.set(code);
        out.flush();
        err.flush();
        finished.countDown();
        System.exit(code);
    }

    /** The configuration files, system first, then the user's own; later ones win. */
    static List<Path> configFiles() {
        return List.of(ConfigLocations.confDir().resolve(SYSTEM_CONFIG_FILE),
                ConfigLocations.userHome().resolve(USER_CONFIG_FILE));
    }
}
