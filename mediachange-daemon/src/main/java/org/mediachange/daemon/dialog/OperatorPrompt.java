package org.mediachange.daemon.dialog;

import java.util.concurrent.CompletableFuture;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;

/**
 * The operator at the X display, as the {@link DialogSurface} sees them: the
 * daemon's is a supervised dialog process; inside that process, Swing
 * dialogs; in tests, a scripted operator. Implementations must accept calls
 * from any thread, never block, and show several requests at once.
 */
public interface OperatorPrompt extends AutoCloseable {

    /**
     * Shows {@code request} to the operator and returns at once. The request's
     * id is the board's: log lines about its dialog name it.
     *
     * @return completes with the operator's decision; when the caller cancels it
     *         (the request ended elsewhere), the dialog closes
     */
    CompletableFuture<Decision> ask(RequestInfo request);

    /** Releases what the prompt holds, such as a dialog process; its dialogs close. */
    @Override
    default void close() {
    }
}
