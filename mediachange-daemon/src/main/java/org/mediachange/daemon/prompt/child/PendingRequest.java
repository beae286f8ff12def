package org.mediachange.daemon.prompt.child;

import java.util.concurrent.CompletableFuture;
import org.mediachange.daemon.prompt.Decision;
import org.mediachange.daemon.prompt.PromptRequest;

/** A request waiting for the operator, and the future its answer completes. */
record PendingRequest(PromptRequest request, CompletableFuture<Decision> decision) {
}
