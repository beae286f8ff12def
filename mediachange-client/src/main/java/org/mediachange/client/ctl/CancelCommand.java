package org.mediachange.client.ctl;

import org.mediachange.common.cli.VersionProvider;
import picocli.CommandLine.Command;

/** {@code mediachangectl cancel ID}: answers request ID with Cancel. */
@Command(name = "cancel", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, customSynopsis = "mediachangectl cancel [OPTIONS] ID",
        header = "Answers a request with Cancel.",
        description = {"Answers request ID with Cancel, as the Cancel button of its dialog would: the backup stops.",
            "Exits 1, saying who answered or what ended it, if the request is no longer pending."},
        exitCodeListHeading = "%nExit codes:%n")
final class CancelCommand extends AnswerCommand {

    CancelCommand(CtlContext ctx) {
        super(ctx);
    }

    @Override
    String answer() {
        return "cancel";
    }
}
