package org.mediachange.client.ctl;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.mediachange.common.cli.IntRangeConverter;
import org.mediachange.common.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mediachangectl list}: the pending requests, then the recent ones, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, customSynopsis = "mediachangectl list [OPTIONS]",
        header = "Prints the pending requests, then the recently ended ones, one line each.",
        description = {
            "Prints the pending requests (oldest first), then the most recently ended ones (newest first, at most"
                    + " --recent), one line each, columns separated by two spaces:",
            "",
            "  ID  pending  WAITING  HOST (ADDRESS)  MESSAGE",
            "  ID  OUTCOME[ by WHO]  AGE ago  HOST (ADDRESS)  MESSAGE",
            "",
            "WAITING is how long the request has waited (12s, 3m12s, 1h05m, 2d03h); AGE how long ago it ended"
                    + " (12s, 3m, 1h, 2d). WHO is the operator, or dialog for the daemon's own dialog."
                    + " Control characters in host names and messages are shown escaped (\\n, \\x1B)."},
        exitCodeListHeading = "%nExit codes:%n")
final class ListCommand implements Callable<Integer> {

    /** Default of {@code --recent}. */
    static final String DEFAULT_RECENT = "10";

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private CtlCommand ctl;

    @Option(names = "--recent", paramLabel = "N", defaultValue = DEFAULT_RECENT,
            converter = IntRangeConverter.NonNegative.class,
            description = "Show at most the N most recently ended requests (the console keeps the last 200); 0 shows"
                    + " only the pending ones (default: ${DEFAULT-VALUE}).")
    private int recent;

    private final CtlContext ctx;

    ListCommand(CtlContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ConsoleClient client = ctl.console().client(ctx, spec);
        PrintWriter out = spec.commandLine().getOut();
        try {
            ConsoleClient.Listing listing = client.list();
            for (Api.Pending p : listing.requests().pending()) {
                out.println(RequestLines.pending(p, listing.now()));
            }
            for (Api.Recent r : listing.requests().recent().subList(0,
                    Math.min(recent, listing.requests().recent().size()))) {
                out.println(RequestLines.recent(r, listing.now()));
            }
            out.flush();
            return CtlExitCode.DONE.code();
        } catch (ConsoleException e) {
            return CtlCommand.fail(spec, e);
        }
    }
}
