package org.mediachange.daemon.dialog;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.model.Answerer;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestError;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.requests.RequestEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X dialog as a surface of the {@link RequestBoard}, like the web
 * console, the notify commands and answer links: every request the board
 * opens is shown through the {@link OperatorPrompt}, with the board's id; the
 * operator's answer goes to the board; the dialog closes when the board says
 * the request ended, whoever ended it. A dialog that cannot be shown ends its
 * request or leaves it to the other surfaces, as {@link WhenDialogFails} says.
 */
public final class DialogSurface implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DialogSurface.class);

    private final RequestBoard board;
    private final OperatorPrompt prompt;
    private final WhenDialogFails whenFailed;
    /** The dialogs of the requests on the board, by id. */
    private final Map<Long, CompletableFuture<Decision>> dialogs = new ConcurrentHashMap<>();
    private final RequestBoard.Subscription subscription;

    private DialogSurface(RequestBoard board, OperatorPrompt prompt, WhenDialogFails whenFailed) {
        this.board = board;
        this.prompt = prompt;
        this.whenFailed = whenFailed;
        this.subscription = board.subscribe(this::on);
        subscription.view().pending().forEach(this::show);
    }

    /** Shows the requests of {@code board} through {@code prompt} from now on, until closed. */
    public static DialogSurface attach(RequestBoard board, OperatorPrompt prompt, WhenDialogFails whenFailed) {
        return new DialogSurface(board, prompt, whenFailed);
    }

    /** On the board's thread, under its lock: hands the request on, never blocks. */
    private void on(RequestEvent event) {
        if (event instanceof RequestEvent.Opened o) {
            show(o.info());
        } else if (event instanceof RequestEvent.Closed c) {
            CompletableFuture<Decision> dialog = dialogs.remove(c.id());
            if (dialog != null) {
                dialog.cancel(false); // closes the dialog unless the operator already did
            }
        }
    }

    private void show(RequestInfo request) {
        long id = request.id();
        CompletableFuture<Decision> dialog;
        try {
            dialog = prompt.ask(request);
        } catch (RuntimeException | Error e) { // OutOfMemoryError included: the request must not wait for nothing
            LOG.error("asking the operator about request {} failed", id, e);
            failed(id, e);
            return;
        }
        dialogs.put(id, dialog);
        if (board.pending(id).isEmpty() && dialogs.remove(id, dialog)) {
            dialog.cancel(false); // it ended while this looked (only for requests pending at attach)
        }
        dialog.whenComplete((decision, ex) -> {
            if (decision != null) {
                board.answer(id, decision, Answerer.DIALOG);
            } else if (!(ex instanceof CancellationException)) {
                failed(id, ex);
            }
        });
    }

    /** The dialog of request {@code id} could not be shown: the request ends, unless another surface can answer. */
    private void failed(long id, Throwable ex) {
        Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        String why = Escaper.forLog(String.valueOf(cause.getMessage()));
        if (whenFailed == WhenDialogFails.LEAVE_TO_OTHER_SURFACES) {
            LOG.warn("the dialog of request {} could not be shown ({}); it stays pending for the other consoles",
                    id, why);
        } else if (board.end(id, Ending.failed(RequestError.DIALOG_FAILED))) {
            LOG.warn("the dialog of request {} could not be shown ({}); answering Error", id, why);
        }
    }

    /** Stops following the board and closes the prompt: its dialogs go. */
    @Override
    public void close() {
        subscription.close();
        prompt.close();
    }
}
