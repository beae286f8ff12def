package org.mediachange.it;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The console end of the backup-tool tests: {@code scripts/mediachanged} with no
 * dialog ({@code --dialog none}, no DISPLAY) and its web console on loopback,
 * watched through the web API and answered with the real {@code mediachangectl},
 * as an operator on a terminal answers. Being headless, these tests can run
 * beside the dialog tests without their windows getting in the way.
 */
final class HeadlessConsole implements AutoCloseable {

    private final Outside outside;
    private final Outside.Daemon daemon;
    private final Api api;
    private final String url;

    private HeadlessConsole(Outside outside, Outside.Daemon daemon, String url) {
        this.outside = outside;
        this.daemon = daemon;
        this.url = url;
        this.api = new Api(url, WebSetup.NAME, WebSetup.PASSWORD);
    }

    /** Starts the daemon, allowing 127.0.0.0/8, with a web console account {@link WebSetup#NAME}. */
    static HeadlessConsole start(Outside outside) throws Exception {
        return start(outside, 0);
    }

    /** As {@link #start(Outside)}, with requests on {@code port} (0: any free port). */
    static HeadlessConsole start(Outside outside, int port) throws Exception {
        Map<String, String> noDisplay = new HashMap<>();
        noDisplay.put("DISPLAY", null);
        int web = Outside.freePort();
        Outside.Daemon d = outside.daemon(noDisplay, "--dialog", "none", "--allow", "127.0.0.0/8", "--port",
                Integer.toString(port), "--web", "127.0.0.1:" + web, "--operators",
                WebSetup.operators(outside).toString());
        HeadlessConsole console = new HeadlessConsole(outside, d, WebSetup.url(d.process()));
        // The first password check, done once with time to spare (see Api#requests(Duration)).
        console.api.requests(java.time.Duration.ofSeconds(120));
        return console;
    }

    /** The request port, for the clients' {@code --port}. */
    int port() {
        return daemon.port();
    }

    /** When the daemon started listening for requests, from its log line. */
    java.time.Instant listeningSince() throws Exception {
        String line = log().lines().filter(l -> l.contains(" listening on ")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'listening on' line in the daemon's log"));
        return java.time.Instant.parse(line.substring(0, line.indexOf(' ')));
    }

    /** The daemon's log: one audit line per request and outcome. */
    String log() throws Exception {
        return daemon.process().stdout();
    }

    /** The pending requests now, oldest first. */
    List<JsonObject> pending() throws Exception {
        List<JsonObject> list = new ArrayList<>();
        for (JsonElement e : api.requests().getAsJsonArray("pending")) {
            list.add(e.getAsJsonObject());
        }
        return list;
    }

    /** The ended requests the console remembers, newest first. */
    List<JsonObject> recent() throws Exception {
        List<JsonObject> list = new ArrayList<>();
        for (JsonElement e : api.requests().getAsJsonArray("recent")) {
            list.add(e.getAsJsonObject());
        }
        return list;
    }

    /** Waits up to {@code seconds} for a pending request whose message contains {@code text}. */
    JsonObject awaitPending(String text, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (JsonObject o : pending()) {
                if (o.get("message").getAsString().contains(text)) {
                    return o;
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no pending request with '" + text + "' after " + seconds + " s; pending: "
                        + pending() + "; recent: " + recent());
            }
            Thread.sleep(1000);
        }
    }

    /** Waits up to {@code seconds} until request {@code id} has ended; its outcome (ok, withdrawn, ...). */
    String awaitEnded(long id, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (JsonObject o : recent()) {
                if (o.get("id").getAsLong() == id) {
                    return o.get("outcome").getAsString();
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("request " + id + " has not ended after " + seconds + " s: " + pending());
            }
            Thread.sleep(1000);
        }
    }

    /** How many requests whose message contains {@code text} the daemon has audited as ended. */
    int endedCount(String text) throws Exception {
        Pattern audit = Pattern.compile("(?m)^.* audit .* outcome=\\S+ .*msg=\".*" + Pattern.quote(text) + ".*$");
        return (int) audit.matcher(log()).results().count();
    }

    /** Answers request {@code id} Ok with mediachangectl. */
    void ok(long id) throws Exception {
        answer("ok", id);
    }

    /** Answers request {@code id} Cancel with mediachangectl. */
    void cancel(long id) throws Exception {
        answer("cancel", id);
    }

    private void answer(String command, long id) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("USER", WebSetup.NAME);
        env.put("MEDIACHANGE_PASSWORD", WebSetup.PASSWORD);
        env.put("HOME", outside.work().toString());
        Outside.Ran r = outside.run(env, List.of(outside.script("mediachangectl").toString(), command, "--url", url,
                Long.toString(id)), 60);
        if (r.code() != 0) {
            throw new AssertionError("mediachangectl " + command + " " + id + " exited " + r.code() + ": " + r.err());
        }
    }

    @Override
    public void close() throws Exception {
        daemon.close();
    }
}
