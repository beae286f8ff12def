package org.mediachange.daemon.dialog.process;

import java.util.concurrent.CompletableFuture;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;

/** A request shown through the dialog process, and the future the operator's answer completes. */
record DialogRequest(RequestInfo request, CompletableFuture<Decision> decision) {
}
