package org.mediachange.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mediachange.common.protocol.Wire;
import org.mediachange.common.time.Durations;

/**
 * The fast path of the command line: understands the plain forms a backup
 * script uses ({@code [-q] [-p PORT] [--timeout D] ... HOST WORDS...}) without
 * loading picocli, whose start-up alone costs about twice the rest of a run
 * (see docs/PERFORMANCE.md). Anything else (help, version, {@code -} for
 * standard input, {@code --}, {@code @files}, clustered or attached short
 * options, unknown options, repeated options, bad values, missing words) is
 * left to picocli by returning {@code null}, so picocli stays the one
 * definition of the syntax and of every error message; a test checks that the
 * two agree on every input this class accepts.
 */
final class QuickArgs {

    /** What the fast path understood. */
    record Parsed(ClientRequest request, boolean quiet) {
    }

    private QuickArgs() {
    }

    /** The request {@code args} describe, or {@code null} to let picocli parse them. */
    static Parsed parse(String[] args) {
        String port = null;
        String connectTimeout = null;
        String answerTimeout = null;
        String retryFor = null;
        boolean quiet = false;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("@")) {
                return null; // picocli reads arguments from that file
            }
            if (!a.startsWith("-")) {
                positional.add(a);
                continue;
            }
            if (a.equals("-q") || a.equals("--quiet")) {
                if (quiet) {
                    return null;
                }
                quiet = true;
                continue;
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            }
            if (value == null || value.startsWith("-") || value.startsWith("@")) {
                return null;
            }
            switch (name) {
                case "-p", "--port" -> {
                    if (port != null || (port = value).isEmpty()) {
                        return null;
                    }
                }
                case "--connect-timeout" -> {
                    if (connectTimeout != null) {
                        return null;
                    }
                    connectTimeout = value;
                }
                case "--timeout" -> {
                    if (answerTimeout != null) {
                        return null;
                    }
                    answerTimeout = value;
                }
                case "--retry-for" -> {
                    if (retryFor != null) {
                        return null;
                    }
                    retryFor = value;
                }
                default -> {
                    return null;
                }
            }
        }
        if (positional.size() < 2) {
            return null;
        }
        String message = ClientRequest.oneLine(String.join(" ", positional.subList(1, positional.size())));
        Integer portNumber = port == null ? Integer.valueOf(Wire.DEFAULT_PORT) : portNumber(port);
        Duration connect = duration(connectTimeout, ClientRequest.DEFAULT_CONNECT_TIMEOUT);
        Duration answer = duration(answerTimeout, ClientRequest.DEFAULT_ANSWER_TIMEOUT);
        Duration retry = duration(retryFor, ClientRequest.DEFAULT_RETRY_FOR);
        if (message.isBlank() || portNumber == null || connect == null || answer == null || retry == null) {
            return null;
        }
        return new Parsed(new ClientRequest(positional.get(0), portNumber, message, connect, answer, retry), quiet);
    }

    /** Plain decimal 1-65535, else {@code null} (picocli explains what is wrong). */
    private static Integer portNumber(String text) {
        if (text.length() > 5) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        int n = Integer.parseInt(text);
        return n >= 1 && n <= 65535 ? n : null;
    }

    private static Duration duration(String text, String fallback) {
        try {
            return Durations.parse(text != null ? text : fallback);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
