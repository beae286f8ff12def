package org.mediachange.client.ctl;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code mediachangectl} in-process as {@link CtlMain} does (same
 * command line, configuration files as given), with an environment of its
 * own: by default operator {@value StandInConsole#OPERATOR} with the right
 * password in {@code MEDIACHANGE_PASSWORD}, no terminal, times in UTC.
 */
final class Ctl {

    /** Its state directory (the device tokens) is a fresh one under target/, never the user's. */
    final Map<String, String> env = new HashMap<>(Map.of("USER", StandInConsole.OPERATOR,
            PasswordSource.ENV, StandInConsole.PASSWORD, "XDG_STATE_HOME",
            Path.of("target", "ctl-state", UUID.randomUUID().toString()).toAbsolutePath().toString()));
    List<Path> configFiles = List.of();
    PasswordPrompt prompt = PasswordPrompt.NONE;
    final StopSignal stop = new StopSignal();

    /** One finished run: its exit code and everything it printed. */
    record Run(int exitCode, String out, String err) {
        /** stderr's lines. */
        List<String> errLines() {
            return err.lines().toList();
        }

        /** stdout's lines. */
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    /** Runs to the end. */
    Run run(String... args) {
        Sink out = new Sink();
        Sink err = new Sink();
        int code = execute(args, out, err);
        return new Run(code, out.text(), err.text());
    }

    /** Starts a run on a thread of its own (for watch); its output can be read while it runs. */
    Running start(String... args) {
        return new Running(this, args);
    }

    private int execute(String[] args, Sink out, Sink err) {
        // Buffered like the real stdout, so a line only shows once the command flushes it.
        try (PrintWriter o = new PrintWriter(new BufferedWriter(out)); PrintWriter e = new PrintWriter(
                new BufferedWriter(err))) {
            CtlContext ctx = new CtlContext(env, prompt, Clock.system(ZoneOffset.UTC), stop);
            int code = CtlCommand.execute(args, ctx, o, e, configFiles);
            o.flush();
            e.flush();
            return code;
        }
    }

    /** A run in progress. */
    static final class Running implements AutoCloseable {
        private final Ctl ctl;
        private final Sink out = new Sink();
        private final Sink err = new Sink();
        private final Thread thread;
        private volatile Integer code;

        Running(Ctl ctl, String[] args) {
            this.ctl = ctl;
            this.thread = new Thread(() -> code = ctl.execute(args, out, err), "mediachangectl-under-test");
            thread.setDaemon(true);
            thread.start();
        }

        String out() {
            return out.text();
        }

        String err() {
            return err.text();
        }

        /** Waits (at most {@code seconds}) until stdout holds {@code text}; stdout. */
        String awaitOut(String text, long seconds) throws InterruptedException {
            return await(out, "stdout", text, seconds);
        }

        /** Waits (at most {@code seconds}) until stderr holds {@code text}; stderr. */
        String awaitErr(String text, long seconds) throws InterruptedException {
            return await(err, "stderr", text, seconds);
        }

        private String await(Sink sink, String name, String text, long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!sink.text().contains(text)) {
                if (System.nanoTime() - end > 0) {
                    throw new AssertionError(name + " lacks '" + text + "' after " + seconds + " s; stdout: "
                            + out.text() + " stderr: " + err.text());
                }
                Thread.sleep(10);
            }
            return sink.text();
        }

        /** Waits (at most {@code seconds}) for the end; the exit code. */
        int awaitExit(long seconds) throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(seconds));
            if (thread.isAlive()) {
                throw new AssertionError("still running after " + seconds + " s; stdout: " + out.text() + " stderr: "
                        + err.text());
            }
            return code;
        }

        /** Fires the stop signal as Ctrl-C would, and waits (at most 10 s) for the end; the exit code. */
        int stop() throws InterruptedException {
            ctl.stop.fire();
            return awaitExit(10);
        }

        @Override
        public void close() {
            if (thread.isAlive()) {
                ctl.stop.fire();
                try {
                    thread.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Collects what is written, readable from other threads at any time. */
    static final class Sink extends Writer {
        private final StringBuffer text = new StringBuffer();

        String text() {
            return text.toString();
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            text.append(cbuf, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
