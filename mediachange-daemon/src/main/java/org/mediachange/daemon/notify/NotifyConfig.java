package org.mediachange.daemon.notify;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What to run on request events, and the bounds on running it, fixed at start.
 *
 * @param commands   the commands, each with its own {@code after} and {@code every}; may be empty
 * @param runLimit   a run still going after this long is killed with all its children
 * @param maxRunning commands running at once
 * @param maxQueued  runs waiting for a free slot; more are dropped (and logged)
 * @param maxOutput  bytes of a run's output (stdout and stderr together) kept for the log
 */
public record NotifyConfig(List<NotifyCommand> commands, Duration runLimit, int maxRunning, int maxQueued,
        int maxOutput) {

    /** {@code --notify-every}: remind every 15 minutes while a request waits. */
    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(15);
    /** {@code --notify-after}: the first notification at once. */
    public static final Duration DEFAULT_AFTER = Duration.ZERO;
    /** Each run is killed after this long. */
    public static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    /** At most this many commands run at once... */
    public static final int MAX_RUNNING = 4;
    /** ...and this many wait for a slot. */
    public static final int MAX_QUEUED = 64;
    /** Output kept for the log, per run. */
    public static final int MAX_OUTPUT = 4096;

    /** Checks that every command has its durations and that the bounds are positive. */
    public NotifyConfig {
        commands = List.copyOf(commands);
        for (NotifyCommand c : commands) {
            if (c.after() == null || c.every() == null) {
                throw new IllegalArgumentException("command without its durations: " + c.argv());
            }
        }
        if (runLimit.isZero() || runLimit.isNegative() || maxRunning < 1 || maxQueued < 0 || maxOutput < 0) {
            throw new IllegalArgumentException("run limit and running commands must be positive");
        }
    }

    /** The standard bounds, with {@code groups} (as given to {@code --notify}) timed by the two defaults. */
    public static NotifyConfig of(List<NotifyCommands> groups, Duration after, Duration every) {
        List<NotifyCommand> all = groups.stream().flatMap(g -> g.commands().stream())
                .map(c -> c.withDefaults(after, every)).toList();
        return new NotifyConfig(all, RUN_LIMIT, MAX_RUNNING, MAX_QUEUED, MAX_OUTPUT);
    }

    /** No commands: nothing is ever run. */
    public static NotifyConfig none() {
        return of(List.of(), DEFAULT_AFTER, DEFAULT_EVERY);
    }

    /** These settings with another run limit (tests use a short one). */
    public NotifyConfig withRunLimit(Duration limit) {
        return new NotifyConfig(commands, limit, maxRunning, maxQueued, maxOutput);
    }

    /**
     * The first command whose program cannot be run, said for the user: a
     * relative path, a path that is not an executable file, or a bare name not
     * found on {@code path} (the daemon's PATH, where the JDK looks it up at each run).
     */
    public Optional<String> programProblem(String path) {
        for (NotifyCommand c : commands) {
            String program = c.program();
            if (program.contains("/")) {
                Path p = Path.of(program);
                if (!p.isAbsolute()) {
                    // It would be looked up from the command's working directory, /, not the daemon's.
                    return Optional.of("'" + program + "' is a relative path; give the full path");
                }
                if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                    return Optional.of("'" + program + "' is not an executable file");
                }
            } else if (!onPath(program, path)) {
                return Optional.of("'" + program + "' is not an executable file in any directory of PATH");
            }
        }
        return Optional.empty();
    }

    private static boolean onPath(String program, String path) {
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return true;
            }
        }
        return false;
    }
}
