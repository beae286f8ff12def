package org.mediachange.daemon.dialog;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;

/**
 * An operator for tests: answers each request with what a script says, or
 * holds it until the test answers. Records every request and whether it was
 * withdrawn (its future cancelled by the daemon).
 */
public final class ScriptedOperator implements OperatorPrompt {

    /** One request as the operator saw it. */
    public record Shown(RequestInfo request, CompletableFuture<Decision> decision) {

        /** Whether the daemon withdrew the request (closed the "dialog"). */
        public boolean withdrawn() {
            return decision.isCancelled();
        }

        /**
         * Whether the daemon withdraws the request within {@code seconds}: the dialog closes when the
         * board says the request ended, just after its client got the reply.
         */
        public boolean awaitWithdrawn(long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!withdrawn() && System.nanoTime() - end < 0) {
                Thread.sleep(5);
            }
            return withdrawn();
        }

        /** Answers it, as if the operator pressed a button. */
        public void answer(Decision d) {
            decision.complete(d);
        }
    }

    private final Function<RequestInfo, Optional<Decision>> script;
    private final List<Shown> shown = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Shown> arrivals = new LinkedBlockingQueue<>();

    private ScriptedOperator(Function<RequestInfo, Optional<Decision>> script) {
        this.script = script;
    }

    /** Answers every request with {@code d} at once. */
    public static ScriptedOperator always(Decision d) {
        return new ScriptedOperator(r -> Optional.of(d));
    }

    /** Answers per request; an empty result holds the request for the test to answer. */
    public static ScriptedOperator scripted(Function<RequestInfo, Optional<Decision>> script) {
        return new ScriptedOperator(script);
    }

    /** Never answers by itself. */
    public static ScriptedOperator holding() {
        return new ScriptedOperator(r -> Optional.empty());
    }

    @Override
    public CompletableFuture<Decision> ask(RequestInfo request) {
        CompletableFuture<Decision> f = new CompletableFuture<>();
        Shown s = new Shown(request, f);
        shown.add(s);
        script.apply(request).ifPresent(f::complete);
        arrivals.add(s);
        return f;
    }

    /** Every request shown so far. */
    public List<Shown> shown() {
        return List.copyOf(shown);
    }

    /** Waits for the next request to be shown; fails after {@code seconds}. */
    public Shown next(long seconds) throws InterruptedException {
        Shown s = arrivals.poll(seconds, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no request reached the operator within " + seconds + " s");
        }
        return s;
    }

    /** Waits up to {@code millis} for another request; empty if none came. */
    public Optional<Shown> nextWithin(long millis) throws InterruptedException {
        return Optional.ofNullable(arrivals.poll(millis, TimeUnit.MILLISECONDS));
    }
}
