package org.mediachange.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the web console tests need from the outside: an operators file made by the real command, the page's URL. */
final class WebSetup {

    static final String NAME = "alice";
    static final String PASSWORD = "correct horse battery staple";
    private static final Pattern WEB = Pattern.compile("web console on (http://127\\.0\\.0\\.1:\\d+/)");

    private WebSetup() {
    }

    /**
     * Makes an operators file with {@link #NAME} through {@code mediachanged set-password}, password on stdin
     * (CtlEndToEndIT and PackagesIT use the old spelling, {@code --set-password NAME}).
     */
    static Path operators(Outside outside) throws Exception {
        Path file = outside.work().resolve("operators");
        Path input = outside.work().resolve("password.txt");
        java.nio.file.Files.writeString(input, PASSWORD + "\n");
        Outside.Ran r = outside.run(Map.of(), List.of("sh", "-c", "exec \"$0\" set-password --operators \"$1\" \"$2\""
                + " < \"$3\"", outside.script("mediachanged").toString(), file.toString(), NAME, input.toString()), 60);
        if (r.code() != 0) {
            throw new AssertionError("set-password exited " + r.code() + ": " + r.err() + r.out());
        }
        return file;
    }

    /** The page's address, from the daemon's log line. */
    static String url(Launched daemon) throws Exception {
        Matcher m = WEB.matcher(daemon.awaitStdout("web console on", 10));
        if (!m.find()) {
            throw new AssertionError("no web console address in: " + daemon.stdout());
        }
        return m.group(1);
    }
}
