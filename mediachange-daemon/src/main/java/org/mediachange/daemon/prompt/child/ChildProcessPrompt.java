package org.mediachange.daemon.prompt.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.mediachange.common.text.Escaper;
import org.mediachange.common.time.Durations;
import org.mediachange.daemon.prompt.Decision;
import org.mediachange.daemon.prompt.OperatorPrompt;
import org.mediachange.daemon.prompt.PromptRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows requests through a separate dialog process ({@link PromptHostMain}),
 * so that the daemon does not depend on the X server: it starts before X is
 * up, and survives the X server going away (which ends any process connected
 * to it). A supervisor thread keeps one dialog process running whenever the
 * display answers; whenever one becomes ready, every pending request is shown
 * (again). Requests made while no display is available simply wait.
 */
public final class ChildProcessPrompt implements OperatorPrompt, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessPrompt.class);

    /** How often to look for the display while it is down. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** Longest pause between restarts of a dialog process that keeps failing. */
    static final Duration MAX_RESTART_PAUSE = Duration.ofSeconds(5);

    /** Extra JVM options for the dialog process, whitespace-separated. */
    public static final String JAVA_OPTS_ENV = "MEDIACHANGE_GUI_JAVA_OPTS";

    private record Pending(PromptRequest request, CompletableFuture<Decision> decision) {
    }

    private final List<String> command;
    private final String display;
    /** Pending requests by id; sorted, so a new dialog process shows the oldest first. */
    private final Map<Long, Pending> pending = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Object lock = new Object();
    /** Writer to the ready dialog process, or null; guarded by {@link #lock}. */
    private Writer toChild;
    private Process process;
    private volatile boolean closed;
    private volatile boolean waitingLogged;
    private volatile String lastChildError = "";
    private final Thread supervisor;

    private ChildProcessPrompt(List<String> command, String display) {
        this.command = List.copyOf(command);
        this.display = display;
        this.supervisor = new Thread(this::supervise, "mediachanged-dialogs");
        this.supervisor.setDaemon(true);
    }

    /**
     * Starts supervising dialog processes run by {@code command}, for the X display {@code display}.
     * Returns at once; requests wait until a dialog process is ready.
     */
    public static ChildProcessPrompt start(List<String> command, String display) {
        ChildProcessPrompt p = new ChildProcessPrompt(command, display);
        p.supervisor.start();
        return p;
    }

    /** The command running {@link PromptHostMain} with this JVM and class path. */
    public static List<String> javaCommand(Duration bellInterval) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xss512k", "-XX:+UseSerialGC", "-Xms8m", "-Xmx64m",
                "-XX:TieredStopAtLevel=1"));
        String extra = System.getenv(JAVA_OPTS_ENV);
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PromptHostMain.class.getName(),
                Durations.format(bellInterval)));
        return cmd;
    }

    @Override
    public CompletableFuture<Decision> ask(PromptRequest request) {
        long id = ids.incrementAndGet();
        CompletableFuture<Decision> decision = new CompletableFuture<>();
        pending.put(id, new Pending(request, decision));
        decision.whenComplete((d, ex) -> {
            pending.remove(id);
            if (decision.isCancelled()) {
                send(PipeProtocol.close(id));
            }
        });
        send(PipeProtocol.show(id, request));
        return decision;
    }

    /** Whether a dialog process is running and ready (for tests and diagnostics). */
    public boolean ready() {
        synchronized (lock) {
            return toChild != null;
        }
    }

    private void send(String line) {
        synchronized (lock) {
            if (toChild == null) {
                return; // shown when the next dialog process is ready
            }
            try {
                toChild.write(line);
                toChild.write('\n');
                toChild.flush();
            } catch (IOException e) {
                LOG.debug("dialog process gone while sending: {}", e.toString());
            }
        }
    }

    private void supervise() {
        Duration pause = PROBE_INTERVAL;
        while (!closed) {
            if (!DisplayProbe.reachable(display)) {
                logWaiting("no X server answers");
                sleep(PROBE_INTERVAL);
                continue;
            }
            ChildEnd end = runChild();
            if (closed) {
                break;
            }
            if (end.exitCode() == PromptHostMain.EXIT_NO_DISPLAY) {
                logWaiting(lastChildError);
            } else {
                LOG.warn("dialog process ended (exit code {}{}); restarting it", end.exitCode(),
                        lastChildError.isEmpty() ? "" : ", last said: " + lastChildError);
            }
            // A process that worked for a while is restarted at once; one that keeps failing, ever slower.
            pause = end.wasReady() ? PROBE_INTERVAL : min(pause.multipliedBy(2), MAX_RESTART_PAUSE);
            sleep(pause);
        }
    }

    private record ChildEnd(int exitCode, boolean wasReady) {
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void logWaiting(String why) {
        if (!waitingLogged) {
            waitingLogged = true;
            LOG.warn("waiting for the display DISPLAY={} ({}); {} pending request(s) will be shown when it opens",
                    display, why, pending.size());
        }
    }

    /** Runs one dialog process until it exits. */
    private ChildEnd runChild() {
        lastChildError = "";
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            LOG.error("cannot start the dialog process {}: {}", command.get(0), e.toString());
            return new ChildEnd(-1, false);
        }
        Thread errors = new Thread(() -> forwardErrors(p), "mediachanged-dialogs-stderr");
        errors.setDaemon(true);
        errors.start();
        synchronized (lock) {
            process = p;
        }
        boolean wasReady = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Optional<PipeProtocol.Command> cmd = PipeProtocol.parse(line);
                if (cmd.isPresent() && cmd.get() instanceof PipeProtocol.Ready) {
                    wasReady = true;
                    becomeReady(p);
                } else if (cmd.isPresent() && cmd.get() instanceof PipeProtocol.Answer a) {
                    Pending pend = pending.get(a.id());
                    if (pend != null) {
                        pend.decision().complete(a.decision());
                    }
                } else {
                    LOG.debug("dialog process said: {}", Escaper.forLog(line));
                }
            }
        } catch (IOException e) {
            LOG.debug("reading from the dialog process: {}", e.toString());
        } finally {
            synchronized (lock) {
                toChild = null;
                process = null;
            }
        }
        try {
            int code = p.waitFor();
            errors.join(1000);
            return new ChildEnd(code, wasReady);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            return new ChildEnd(-1, wasReady);
        }
    }

    private void becomeReady(Process p) {
        synchronized (lock) {
            toChild = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            // Requests that arrived while no dialog process was ready, oldest first.
            for (Map.Entry<Long, Pending> e : pending.entrySet()) {
                send(PipeProtocol.show(e.getKey(), e.getValue().request()));
            }
        }
        if (waitingLogged) {
            LOG.info("display DISPLAY={} is available again; showing {} pending request(s)", display, pending.size());
            waitingLogged = false;
        } else {
            LOG.info("showing requests on DISPLAY={}", display);
        }
    }

    private void forwardErrors(Process p) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                lastChildError = Escaper.forDisplay(line);
                LOG.info("dialog process: {}", lastChildError);
            }
        } catch (IOException e) {
            LOG.debug("reading the dialog process's errors: {}", e.toString());
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the dialog process (closing its dialogs) and the supervisor. */
    @Override
    public void close() {
        closed = true;
        supervisor.interrupt();
        Process p;
        synchronized (lock) {
            p = process;
            if (toChild != null) {
                try {
                    toChild.close(); // end of stdin: the dialog process exits
                } catch (IOException e) {
                    LOG.trace("closing the pipe: {}", e.toString());
                }
                toChild = null;
            }
        }
        if (p != null) {
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
