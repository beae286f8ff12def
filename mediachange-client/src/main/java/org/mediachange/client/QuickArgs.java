package org.mediachange.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mediachange.common.cli.ConfigFile.Setting;
import org.mediachange.common.protocol.Wire;
import org.mediachange.common.time.Durations;

/**
 * The fast path of the command line: understands the plain forms a backup
 * script uses ({@code [-q] [-p PORT] [--timeout D] ... HOST WORDS...}) without
 * loading picocli, whose start-up alone costs about twice the rest of a run
 * (see docs/PERFORMANCE.md). Anything else (help, version, {@code -} for
 * standard input, {@code --}, {@code @files}, clustered or attached short
 * options, unknown options, repeated options, bad values, missing words, a
 * HOST that {@link HostList} refuses) is
 * left to picocli by returning {@code null}, so picocli stays the one
 * definition of the syntax and of every error message; a test checks that the
 * two agree on every input this class accepts.
 *
 * <p>Defaults from the configuration files count the same way: their settings
 * come from {@link org.mediachange.common.cli.ConfigFile}, the reader picocli's
 * side uses too, and the plain keys below supply the defaults of their options
 * (and {@code host} the HOST of a lone MESSAGE). Any other key, or a value this
 * class does not take as it stands, goes to picocli, which explains it.
 */
final class QuickArgs {

    /** The configuration keys this class understands; a file with any other goes to picocli. */
    private static final Set<String> KEYS = Set.of(ClientCommand.HOST_KEY, "port", "connect-timeout", "timeout",
            "retry-for", "quiet");

    /** What the fast path understood. */
    record Parsed(ClientRequest request, boolean quiet) {
    }

    private QuickArgs() {
    }

    /** The request {@code args} describe without configuration files, or {@code null} to let picocli parse them. */
    static Parsed parse(String[] args) {
        return parse(args, Map.of());
    }

    /**
     * The request {@code args} describe with the defaults in {@code settings} (the
     * configuration files' values), or {@code null} to let picocli parse them.
     */
    static Parsed parse(String[] args, Map<String, Setting> settings) {
        for (Map.Entry<String, Setting> e : settings.entrySet()) {
            // Every value is checked, even one the command line overrides, as picocli's side does.
            if (!KEYS.contains(e.getKey()) || !plainValue(e.getKey(), e.getValue().value())) {
                return null;
            }
        }
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
        String host;
        List<String> words;
        if (positional.size() >= 2) {
            host = positional.get(0);
            words = positional.subList(1, positional.size());
        } else if (positional.size() == 1 && settings.containsKey(ClientCommand.HOST_KEY)) {
            // A lone argument is the MESSAGE for the configured host, as in ClientCommand.
            host = settings.get(ClientCommand.HOST_KEY).value();
            words = positional;
        } else {
            return null;
        }
        String message = ClientRequest.oneLine(String.join(" ", words));
        port = port != null ? port : configured(settings, "port", Integer.toString(Wire.DEFAULT_PORT));
        Integer portNumber = portNumber(port);
        Duration connect = duration(connectTimeout != null ? connectTimeout
                : configured(settings, "connect-timeout", ClientRequest.DEFAULT_CONNECT_TIMEOUT));
        Duration answer = duration(answerTimeout != null ? answerTimeout
                : configured(settings, "timeout", ClientRequest.DEFAULT_ANSWER_TIMEOUT));
        Duration retry = duration(retryFor != null ? retryFor
                : configured(settings, "retry-for", ClientRequest.DEFAULT_RETRY_FOR));
        if (message.isBlank() || portNumber == null || connect == null || answer == null || retry == null) {
            return null;
        }
        quiet |= Boolean.parseBoolean(configured(settings, "quiet", "false"));
        try {
            return new Parsed(new ClientRequest(host, portNumber, message, connect, answer, retry), quiet);
        } catch (HostList.Invalid e) {
            return null; // picocli says what is wrong with HOST
        }
    }

    private static String configured(Map<String, Setting> settings, String key, String fallback) {
        Setting s = settings.get(key);
        return s == null ? fallback : s.value();
    }

    /** Whether the fast path takes {@code value} of {@code key} as it stands. */
    private static boolean plainValue(String key, String value) {
        return switch (key) {
            case "port" -> portNumber(value) != null;
            case "connect-timeout", "timeout", "retry-for" -> duration(value) != null;
            case "quiet" -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
            default -> !value.isEmpty();
        };
    }

    /** Plain decimal 1-65535, else {@code null} (picocli explains what is wrong). */
    private static Integer portNumber(String text) {
        if (text.isEmpty() || text.length() > 5) {
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

    private static Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
