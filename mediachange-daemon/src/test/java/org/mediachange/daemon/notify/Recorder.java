package org.mediachange.daemon.notify;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A notify command for tests: a shell script that writes what it got, one
 * file per run (its whole environment, its working directory and what its
 * stdin is), and the reader of those files, in the order the runs started.
 */
final class Recorder {

    private final Path dir;
    private final Path script;

    private Recorder(Path dir, Path script) {
        this.dir = dir;
        this.script = script;
    }

    /** Writes the script into {@code dir}; records go there too. */
    static Recorder in(Path dir) throws IOException {
        Path script = dir.resolve("record");
        // Written under a temporary name and renamed, so a record is never read half-written.
        // The name starts with the time in nanoseconds, so the names sort in the order of the runs.
        Files.writeString(script, """
                #!/bin/sh
                f="$1/$(date +%s%N)-$$"
                { env -0; printf 'CWD=%s\\0STDIN=%s\\0' "$(pwd)" "$(readlink /proc/self/fd/0)"; } > "$f.tmp"
                mv "$f.tmp" "$f.env"
                """, UTF_8);
        script.toFile().setExecutable(true);
        return new Recorder(dir, script);
    }

    /** The command line that records into this recorder. */
    List<String> command() {
        return List.of(script.toString(), dir.toString());
    }

    /** Every record so far, oldest first. */
    List<Map<String, String>> records() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".env")).sorted().toList();
        }
        List<Map<String, String>> records = new ArrayList<>();
        for (Path f : files) {
            Map<String, String> env = new LinkedHashMap<>();
            for (String entry : Files.readString(f, UTF_8).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            records.add(env);
        }
        return records;
    }

    /** The records with {@code MEDIACHANGE_EVENT=event}. */
    List<Map<String, String>> records(String event) throws IOException {
        return records().stream().filter(r -> event.equals(r.get("MEDIACHANGE_EVENT"))).toList();
    }

    /** Waits up to {@code seconds} until {@code done} holds for the records; returns them. */
    List<Map<String, String>> await(Predicate<List<Map<String, String>>> done, long seconds)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            List<Map<String, String>> r = records();
            if (done.test(r)) {
                return r;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("records not as expected within " + seconds + " s: " + r);
            }
            Thread.sleep(20);
        }
    }

    /** Waits up to {@code seconds} for {@code n} records of {@code event}; returns those. */
    List<Map<String, String>> await(String event, int n, long seconds) throws IOException, InterruptedException {
        await(r -> r.stream().filter(x -> event.equals(x.get("MEDIACHANGE_EVENT"))).count() >= n, seconds);
        return records(event);
    }
}
