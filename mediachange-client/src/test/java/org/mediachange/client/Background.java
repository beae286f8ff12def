package org.mediachange.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A client run in the background, as {@link Main} runs it, whose stderr the test can watch while it runs. */
final class Background {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> code;

    /** Starts {@code mediachangec ARGS} with an empty standard input. */
    Background(String... args) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        code = CompletableFuture.supplyAsync(
                () -> Main.run(args, new ByteArrayInputStream(new byte[0]), o, e));
    }

    /** Waits (at most 15 s) until stderr contains {@code text}. */
    void awaitErr(String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!err.toString().contains(text)) {
            assertThat(System.nanoTime() - end).as("stderr lacks '%s': %s", text, err).isNegative();
            assertThat(code).as("client ended early: " + err).isNotDone();
            Thread.sleep(10);
        }
    }

    /** stderr so far, in lines. */
    List<String> errLines() {
        return err.toString().lines().toList();
    }

    /** Whether the client is still running. */
    boolean running() {
        return !code.isDone();
    }

    /** Waits (at most 20 s) for the end of the run. */
    ClientRun finish() throws Exception {
        int c = code.get(20, TimeUnit.SECONDS);
        return new ClientRun(c, out.toString(), err.toString());
    }
}
