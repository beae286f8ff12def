package org.mediachange.daemon.cli;

import java.time.Duration;
import java.util.List;
import org.mediachange.common.cli.DurationConverter;
import org.mediachange.daemon.notify.NotifyCommands;
import org.mediachange.daemon.notify.NotifyCommandsConverter;
import org.mediachange.daemon.notify.NotifyConfig;
import picocli.CommandLine.Option;

/** The notify commands' options of {@code mediachanged}, mixed into {@link DaemonCommand}. */
final class NotifyOptions {

    /** Default of {@code --notify-every}, as {@link NotifyConfig#DEFAULT_EVERY} (a test checks they agree). */
    static final String DEFAULT_EVERY = "15m";
    /** Default of {@code --notify-after}, as {@link NotifyConfig#DEFAULT_AFTER} (a test checks they agree). */
    static final String DEFAULT_AFTER = "0";

    @Option(names = "--notify", paramLabel = "COMMAND", converter = NotifyCommandsConverter.class,
            description = "Run COMMAND when a request arrives, every --notify-every while it waits, and when it"
                    + " ends; repeatable, and ';' separates commands. Split into words like a shell does (quotes,"
                    + " backslash), never run by one; the request reaches it in environment variables such as"
                    + " MEDIACHANGE_MESSAGE."
                    + " Ready-made: /usr/share/mediachange/notify/ (see mediachanged(8)).")
    private List<NotifyCommands> notify;

    @Option(names = "--notify-every", paramLabel = "DURATION", defaultValue = DEFAULT_EVERY,
            converter = DurationConverter.class,
            description = "Remind through the --notify commands this often while a request waits; 0 never"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration every;

    @Option(names = "--notify-after", paramLabel = "DURATION", defaultValue = DEFAULT_AFTER,
            converter = DurationConverter.class,
            description = "Run the --notify commands only for requests still waiting after this long"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration after;

    /** The notify commands' settings (possibly none). */
    NotifyConfig config() {
        return NotifyConfig.of(notify == null ? List.of() : notify, after, every);
    }
}
