package org.mediachange.client.ctl;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.mediachange.common.cli.DurationConverter;
import org.mediachange.common.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mediachangectl watch}: a line for each request as it comes and goes, until Ctrl-C. */
@Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, customSynopsis = "mediachangectl watch [OPTIONS]",
        header = "Prints requests as they come and go, until Ctrl-C.",
        description = {
            "Prints the pending requests, then a line for each request that comes or ends, as it happens, until"
                    + " Ctrl-C or SIGTERM (exit code 0):",
            "",
            "  TIME  ID  pending  HOST (ADDRESS)  MESSAGE",
            "  TIME  ID  OUTCOME[ by WHO]  HOST (ADDRESS)  MESSAGE",
            "",
            "TIME is when the request came or ended (HH:MM:SS, local time). When the console cannot be reached or"
                    + " the connection is lost, watch says so on stderr and reconnects for up to --retry-for;"
                    + " requests that came or ended meanwhile are printed once it is back."},
        exitCodeListHeading = "%nExit codes:%n")
final class WatchCommand implements Callable<Integer> {

    /** Default of {@code --retry-for}: reconnect for up to 30 s. */
    static final String DEFAULT_RETRY_FOR = "30s";

    /** The configuration key of {@code --retry-for}, which only this command has. */
    static final String RETRY_FOR_KEY = "retry-for";

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private CtlCommand ctl;

    @Option(names = "--retry-for", paramLabel = "DURATION", defaultValue = DEFAULT_RETRY_FOR,
            converter = DurationConverter.class,
            description = "When the console cannot be reached or the connection is lost, keep reconnecting for this"
                    + " long before giving up with exit code 5; 0 gives up at once (default: ${DEFAULT-VALUE}).")
    private Duration retryFor;

    private final CtlContext ctx;

    WatchCommand(CtlContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ConsoleClient client = ctl.console().client(ctx, spec);
        Watcher watcher = new Watcher(client, retryFor, Watcher.SILENCE_LIMIT, ctx.clock().getZone(),
                spec.commandLine().getOut(), spec.commandLine().getErr());
        ctx.stop().set(watcher::stop);
        try {
            return watcher.run().code();
        } finally {
            ctx.stop().clear();
        }
    }
}
