package org.mediachange.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real launchers in {@code scripts/} as separate processes, from a
 * scratch working directory (each with a state directory of its own there,
 * {@code $STATE_DIRECTORY}), and answers dialogs with {@code xdotool} on the
 * X display, like an operator at the console. Tests get one from
 * {@link OutsideExtension}, which also stops what it started.
 */
final class Outside {

    private static final Pattern LISTENING = Pattern.compile("listening on .* port (\\d+)");
    /** How long to wait after clicking into a dialog before typing: its 0.7 s key guard and a margin. */
    static final long KEY_GUARD_WAIT_MS = 1200;

    private final Path root;
    private final Path work;
    private final List<Launched> started = new ArrayList<>();
    private int counter;

    Outside(Path work) {
        this.root = Path.of(System.getProperty("mediachange.root", "..")).toAbsolutePath().normalize();
        this.work = work;
    }

    /** The checkout's root. */
    Path root() {
        return root;
    }

    Path script(String name) {
        return root.resolve("scripts").resolve(name);
    }

    Path work() {
        return work;
    }

    /** Starts a command with the given extra environment; a null value removes the variable. */
    Launched start(Map<String, String> env, List<String> command) throws IOException {
        int n = ++counter;
        Path out = work.resolve("out-" + n + ".txt");
        Path err = work.resolve("err-" + n + ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // A daemon keeps its state in a directory of its own, never the user's or another test's; a
        // test that restarts one on the same state names it (--state-dir, or STATE_DIRECTORY in env).
        pb.environment().put("STATE_DIRECTORY", work.resolve("state-" + n).toString());
        // mediachangectl keeps its device tokens under XDG_STATE_HOME: in the scratch directory, never the
        // user's, and the same for every process of one test, so a second run finds the first one's token.
        pb.environment().put("XDG_STATE_HOME", work.resolve("state").toString());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Launched launched = new Launched(pb.start(), out, err);
        synchronized (started) {
            started.add(launched);
        }
        return launched;
    }

    /** Stops every process started here that still runs (a test that failed half-way leaves some). */
    void stopAll() throws Exception {
        List<Launched> all;
        synchronized (started) {
            all = new ArrayList<>(started);
            started.clear();
        }
        for (Launched l : all) {
            l.close();
        }
    }

    Launched start(List<String> command) throws IOException {
        return start(Map.of(), command);
    }

    /** Starts {@code scripts/mediachanged ARGS} and waits until it listens; returns it and its port. */
    Daemon daemon(String... args) throws Exception {
        return daemon(script("mediachanged"), Map.of(), args);
    }

    /** As {@link #daemon(String...)}, with extra environment (e.g. another DISPLAY). */
    Daemon daemon(Map<String, String> env, String... args) throws Exception {
        return daemon(script("mediachanged"), env, args);
    }

    /** Starts {@code launcher ARGS} (adding {@code --port 0} unless given) with extra {@code env}; waits until it listens. */
    /** The port of the last "listening on ... port N" line in a daemon's {@code log} (a restart logs another). */
    static int lastListeningPort(String log) {
        Matcher m = LISTENING.matcher(log);
        int port = -1;
        while (m.find()) {
            port = Integer.parseInt(m.group(1));
        }
        if (port <= 0) {
            throw new AssertionError("no listening line in " + log);
        }
        return port;
    }

    Daemon daemon(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        if (!Arrays.asList(args).contains("--port")) {
            cmd.addAll(List.of("--port", "0"));
        }
        cmd.addAll(Arrays.asList(args));
        Launched d = start(env, cmd);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - end < 0) {
            Matcher m = LISTENING.matcher(d.stdout());
            if (m.find()) {
                return new Daemon(d, Integer.parseInt(m.group(1)));
            }
            if (!d.process().isAlive()) {
                throw new AssertionError("daemon exited " + d.process().exitValue() + ": " + d.stderr() + d.stdout());
            }
            Thread.sleep(50);
        }
        d.close();
        throw new AssertionError("daemon did not start listening within 30 s: " + d.stdout() + d.stderr());
    }

    /** Finds a port that is free now (a later bind may race; acceptable on a test machine). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code scripts/mediachangec ARGS}. */
    Launched client(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(script("mediachangec").toString()));
        cmd.addAll(Arrays.asList(args));
        return start(cmd);
    }

    /**
     * Waits for a mediachanged dialog, clicks into its text (which gives it the
     * keyboard, as there is no window manager under Xvfb) and, once the dialog
     * takes keys, presses {@code key}; see {@link #press(String, String)}.
     */
    void answer(String key) throws Exception {
        press(awaitDialog(), key);
    }

    /** As {@link #answer(String)}, on the display given in {@code env}. */
    void answer(Map<String, String> env, String key) throws Exception {
        String id = xdotool(env, "search", "--sync", "--onlyvisible", "--name", "^mediachanged").lines()
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no dialog window"));
        press(env, id, key);
    }

    /** Waits (at most 20 s) for a visible mediachanged dialog and returns its window id. */
    String awaitDialog() throws Exception {
        return xdotool("search", "--sync", "--onlyvisible", "--name", "^mediachanged").lines()
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no dialog window"));
    }

    /** Whether a mediachanged dialog is visible now. */
    boolean dialogVisible() throws Exception {
        for (int attempt = 1; ; attempt++) {
            Process p = new ProcessBuilder("timeout", "20", "xdotool", "search", "--onlyvisible", "--name",
                    "^mediachanged").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("xdotool search hangs");
            }
            // A window closing during the search makes xdotool fail with BadWindow: look again.
            if (!output.contains("BadWindow") || attempt == 3) {
                return p.exitValue() == 0 && !output.isBlank();
            }
        }
    }

    /**
     * Clicks into the dialog {@code id} (giving it the keyboard) and presses
     * {@code key} (Return or Escape, which close it) once the dialog takes keys:
     * a dialog ignores keys for 0.7 s after it appears or takes the focus
     * (KeyGuard.DELAY), so this waits {@link #KEY_GUARD_WAIT_MS} after the click.
     * Should the key still come too soon (a loaded machine painting late), it
     * presses it again while that same window is still up, at most 3 times.
     */
    void press(String id, String key) throws Exception {
        press(Map.of(), id, key);
    }

    private void press(Map<String, String> env, String id, String key) throws Exception {
        xdotool(env, "mousemove", "--window", id, "120", "24", "click", "1");
        for (int attempt = 1; ; attempt++) {
            Thread.sleep(KEY_GUARD_WAIT_MS);
            xdotool(env, "key", key);
            if (awaitGone(env, id, 5)) {
                return;
            }
            if (attempt == 3) {
                throw new AssertionError("dialog " + id + " still up after pressing " + key + " " + attempt + " times");
            }
        }
    }

    /** Whether the dialog window {@code id} is gone (unmapped or destroyed) within {@code seconds}. */
    boolean awaitGone(Map<String, String> env, String id, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (visibleDialogs(env).contains(id)) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Ids of the mediachanged dialogs mapped now, on the display in {@code env} (none: empty). */
    List<String> visibleDialogs(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("timeout", "20", "xdotool", "search", "--onlyvisible", "--name",
                "^mediachanged").redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        // Exit 1 with no output: no such window. Anything else that is not a window id (BadWindow
        // from a window closing meanwhile) is not a dialog either.
        return out.lines().filter(l -> l.matches("\\d+")).toList();
    }

    /** Runs xdotool (at most 20 s) and returns its stdout. */
    String xdotool(String... args) throws Exception {
        return xdotool(Map.of(), args);
    }

    /** Runs xdotool (at most 20 s) with extra environment and returns its stdout. */
    String xdotool(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("timeout", "20", "xdotool"));
        cmd.addAll(Arrays.asList(args));
        for (int attempt = 1; ; attempt++) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (ok) {
                return output;
            }
            // xdotool walks the window tree without grabbing the server; a window that is
            // destroyed meanwhile (a dialog of an earlier request closing) makes it fail with
            // BadWindow. That is a race in the tool, not an answer: look again, a few times.
            if (!output.contains("BadWindow") || attempt == 3) {
                throw new AssertionError("xdotool " + String.join(" ", args) + " failed: " + output);
            }
        }
    }

    /** Runs {@code command} with extra {@code env} to its end (at most {@code seconds}); what it did. */
    Ran run(Map<String, String> env, List<String> command, long seconds) throws Exception {
        try (Launched l = start(env, command)) {
            int code = l.exitCode(seconds);
            return new Ran(code, l.stdout(), l.stderr());
        }
    }

    /** Runs {@code command} to its end (at most 60 s) and fails unless it exits 0; its stdout. */
    String runOk(String... command) throws Exception {
        Ran r = run(Map.of(), List.of(command), 60);
        if (r.code() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.code() + ": " + r.err() + r.out());
        }
        return r.out();
    }

    /** A finished command: exit code, stdout, stderr. */
    record Ran(int code, String out, String err) {
    }

    /** Writes {@code content} to an executable file in the work directory. */
    Path writeScript(String name, String content) throws IOException {
        Path p = work.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        p.toFile().setExecutable(true);
        return p;
    }

    /** A running daemon and its port. */
    record Daemon(Launched process, int port) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.close();
        }
    }
}
