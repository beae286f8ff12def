package org.mediachange.client.ctl;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mediachange.common.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mediachangectl status}: whether the daemon is up and can show requests ({@code GET /api/health}). */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, customSynopsis = "mediachangectl status [OPTIONS]",
        header = "Says whether the daemon is up and can show requests.",
        description = {
            "Asks the web console how the daemon is and prints it, one fact per line:",
            "",
            "  mediachanged VERSION: healthy|degraded",
            "  problem: WHY (one line per problem, only when degraded)",
            "  up UPTIME",
            "  dialog: STATE on DISPLAY=D, display answering|not answering   (or: dialog: off)",
            "  pending: N[, the oldest waiting for AGE]",
            "",
            "STATE is idle (no dialog process needed), ready, starting or waiting-for-display. Exits 0 when healthy, 1 when degraded (no X server"
                    + " answers at the daemon's DISPLAY while its dialog is on: requests wait in the web console),"
                    + " 5 when the console cannot be reached (the daemon is down, or has no --web)."},
        exitCodeListHeading = "%nExit codes:%n")
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private CtlCommand ctl;

    private final CtlContext ctx;

    StatusCommand(CtlContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ConsoleClient client = ctl.console().client(ctx, spec);
        try {
            Api.Health h = client.health();
            PrintWriter out = spec.commandLine().getOut();
            for (String line : lines(h)) {
                out.println(line);
            }
            out.flush();
            return (h.healthy() ? CtlExitCode.DONE : CtlExitCode.DEGRADED).code();
        } catch (ConsoleException e) {
            return CtlCommand.fail(spec, e);
        }
    }

    /** What status prints for {@code h}; every text from the console escaped. */
    static java.util.List<String> lines(Api.Health h) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("mediachanged " + ConsoleClient.shown(h.version()) + ": " + (h.healthy() ? "healthy" : "degraded"));
        if (h.problems() != null) {
            for (String p : h.problems()) {
                lines.add("problem: " + ConsoleClient.shown(String.valueOf(p)));
            }
        }
        lines.add("up " + RequestLines.age(Duration.ofSeconds(h.uptimeSeconds())));
        if ("off".equals(h.dialogState()) || h.display() == null) {
            lines.add("dialog: " + ConsoleClient.shown(h.dialogState()));
        } else {
            lines.add("dialog: " + ConsoleClient.shown(h.dialogState()) + " on DISPLAY="
                    + ConsoleClient.shown(h.display()) + ", display "
                    + (Boolean.TRUE.equals(h.displayAnswering()) ? "answering" : "not answering"));
        }
        lines.add("pending: " + h.pending() + (h.pending() == 0 ? ""
                : ", the oldest waiting for " + RequestLines.age(Duration.ofSeconds(h.oldestPendingSeconds()))));
        return lines;
    }
}
