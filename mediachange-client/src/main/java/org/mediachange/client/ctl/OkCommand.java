package org.mediachange.client.ctl;

import org.mediachange.common.cli.VersionProvider;
import picocli.CommandLine.Command;

/** {@code mediachangectl ok ID}: answers request ID with Ok. */
@Command(name = "ok", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, customSynopsis = "mediachangectl ok [OPTIONS] ID",
        header = "Answers a request with Ok.",
        description = {"Answers request ID with Ok, as the OK button of its dialog would: the backup carries on.",
            "Exits 1, saying who answered or what ended it, if the request is no longer pending."},
        exitCodeListHeading = "%nExit codes:%n")
final class OkCommand extends AnswerCommand {

    OkCommand(CtlContext ctx) {
        super(ctx);
    }

    @Override
    String answer() {
        return "ok";
    }
}
