package org.mediachange.daemon.dialog.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mediachange.common.time.Durations;
import org.mediachange.daemon.dialog.NoDisplayException;
import org.mediachange.daemon.dialog.PromptFactory;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;

/**
 * How the daemon starts its dialog process: this JVM's {@code java} and class
 * path, the JVM options the launcher gave the daemon (defined once, in
 * {@code scripts/mediachanged}), then {@value #JAVA_OPTS_ENV}, then the main
 * class and the bell interval.
 */
public final class DialogProcessCommand {

    /** Extra JVM options for the dialog process, whitespace-separated. */
    public static final String JAVA_OPTS_ENV = "MEDIACHANGE_GUI_JAVA_OPTS";

    /**
     * System property with the JVM options the launcher ({@code mediachanged}) starts the daemon with,
     * whitespace-separated: the dialog process gets the same ones, defined in that one place. Without
     * it (a daemon started some other way) the dialog process gets the JVM's defaults.
     */
    public static final String JVM_OPTIONS_PROPERTY = "mediachange.jvmopts";

    /**
     * Dialogs on {@code DISPLAY} in a dialog process this JVM supervises: waits
     * for the display while it is down and outlives X server restarts. Fails
     * only when {@code DISPLAY} is not set at all.
     */
    public static final PromptFactory FACTORY = bellInterval -> {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            throw NoDisplayException.displayNotSet();
        }
        return ChildProcessPrompt.start(javaCommand(bellInterval), display);
    };

    private DialogProcessCommand() {
    }

    /**
     * The command running the dialog process ({@link PipeProtocol#MAIN_CLASS}) with this JVM and class
     * path, the launcher's JVM options ({@link #JVM_OPTIONS_PROPERTY}) and then {@link #JAVA_OPTS_ENV}'s.
     */
    public static List<String> javaCommand(Duration bellInterval) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(words(System.getProperty(JVM_OPTIONS_PROPERTY)));
        cmd.addAll(words(System.getenv(JAVA_OPTS_ENV)));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PipeProtocol.MAIN_CLASS,
                Durations.format(bellInterval)));
        return cmd;
    }

    private static List<String> words(String options) {
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }
}
