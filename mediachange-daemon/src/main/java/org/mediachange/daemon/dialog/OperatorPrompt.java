package org.mediachange.daemon.dialog;

import java.util.concurrent.CompletableFuture;
import org.mediachange.daemon.model.Decision;

/**
 * The operator, as the connection handlers see them. The Swing implementation
 * shows a dialog; tests use a scripted one. Implementations must accept calls
 * from any thread and show several requests at once.
 */
public interface OperatorPrompt extends AutoCloseable {

    /**
     * Shows {@code request} to the operator and returns at once.
     *
     * @return completes with the operator's decision; when the caller cancels it
     *         (the client went away, the answer timed out, the daemon stops), the
     *         request is withdrawn and its dialog closed
     */
    CompletableFuture<Decision> ask(PromptRequest request);

    /** Releases what the prompt holds, such as a dialog process; pending requests are withdrawn. */
    @Override
    default void close() {
    }
}
