package org.mediachange.client.ctl;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.mediachange.common.text.Escaper;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ok ID} and {@code cancel ID}: answers one pending request, as the
 * operator would in its dialog. Exactly one answer decides a request: if the
 * dialog, the web page or another operator was first, this one exits 1 and
 * says who it was.
 */
abstract class AnswerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private CtlCommand ctl;

    @Parameters(index = "0", paramLabel = "ID", converter = RequestIdConverter.class,
            description = "The request's number, as list and watch show it.")
    private long id;

    private final CtlContext ctx;

    AnswerCommand(CtlContext ctx) {
        this.ctx = ctx;
    }

    /** The answer in the API: {@code ok} or {@code cancel}. */
    abstract String answer();

    @Override
    public Integer call() {
        ConsoleClient client = ctl.console().client(ctx, spec);
        PrintWriter out = spec.commandLine().getOut();
        try {
            Api.Answered a = client.answer(id, answer());
            String word = answer().equals("ok") ? "Ok" : "Cancel";
            out.println(a.message() == null || a.message().isBlank() ? "request " + id + " answered " + word
                    : Escaper.forDisplay(a.message()));
            out.flush();
            return CtlExitCode.DONE.code();
        } catch (ConsoleException e) {
            return CtlCommand.fail(spec, e);
        }
    }
}
