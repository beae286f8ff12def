package org.mediachange.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A program started from the outside, its stdout and stderr going to files
 * so it can never block on a full pipe. Destroyed (SIGTERM, then SIGKILL) on
 * close.
 */
final class Launched implements AutoCloseable {

    private final Process process;
    private final Path out;
    private final Path err;

    Launched(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    Process process() {
        return process;
    }

    String stdout() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** Waits up to {@code seconds} until stdout contains {@code text}, and returns stdout. */
    String awaitStdout(String text, long seconds) throws Exception {
        return await("stdout", out, text, seconds);
    }

    /** Waits up to {@code seconds} until stderr contains {@code text}, and returns stderr. */
    String awaitStderr(String text, long seconds) throws Exception {
        return await("stderr", err, text, seconds);
    }

    private static String await(String name, Path file, String text, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String now = Files.readString(file, StandardCharsets.UTF_8);
        while (!now.contains(text)) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(name + " lacks '" + text + "' after " + seconds + " s: " + now);
            }
            Thread.sleep(20);
            now = Files.readString(file, StandardCharsets.UTF_8);
        }
        return now;
    }

    /** Waits up to {@code seconds} for the exit and returns the code; fails if it is still running. */
    int exitCode(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + seconds + " s; stderr: " + stderr());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
