package org.mediachange.daemon.dialog.process;

import java.util.concurrent.CompletableFuture;
import org.mediachange.daemon.dialog.PromptRequest;
import org.mediachange.daemon.model.Decision;

/** A request waiting for the operator, and the future its answer completes. */
record DialogRequest(PromptRequest request, CompletableFuture<Decision> decision) {
}
