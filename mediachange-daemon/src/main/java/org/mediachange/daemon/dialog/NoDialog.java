package org.mediachange.daemon.dialog;

import java.util.concurrent.CompletableFuture;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;

/**
 * The operator prompt of a headless daemon ({@code --dialog none}): it shows
 * nothing and never answers, so every request waits for another surface (the
 * web console) or its timeout. Needs no X display at all.
 */
public final class NoDialog implements OperatorPrompt {

    @Override
    public CompletableFuture<Decision> ask(RequestInfo request) {
        return new CompletableFuture<>();
    }
}
