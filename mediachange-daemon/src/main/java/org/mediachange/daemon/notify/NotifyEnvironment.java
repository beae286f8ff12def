package org.mediachange.daemon.notify;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.model.RequestInfo;

/**
 * The environment of one notify run: the daemon's own, without anything
 * named {@code MEDIACHANGE*} (so nothing left over from the daemon's start,
 * such as {@code MEDIACHANGE_JAVA_OPTS} or a {@code MEDIACHANGE_HOST} meant
 * for the client, can pass for a value about the request), plus the request's
 * variables. Every variable is set on every event, empty where it does not
 * apply, so that scripts under {@code set -u} need no defaults.
 *
 * <p>Text from the request (message, host name) is escaped as in the logs
 * ({@link Escaper#forLog}: control characters, {@code \} and {@code "}
 * become escapes), without quotes around it: a value never holds a control
 * character, so it cannot break a mail header, a JSON line or a terminal.
 *
 * <p>The JDK encodes environment values in a charset that follows the locale
 * ({@link #charset()}); the launcher starts the daemon under a UTF-8 locale,
 * and {@link #charsetWarning} says when that is not so.
 */
final class NotifyEnvironment {

    /** Messages are cut to this many characters (then escaped), far below the kernel's limit per variable. */
    static final int MESSAGE_CHARS = 8192;

    static final String EVENT = "MEDIACHANGE_EVENT";
    static final String ID = "MEDIACHANGE_ID";
    static final String MESSAGE = "MEDIACHANGE_MESSAGE";
    static final String HOST = "MEDIACHANGE_HOST";
    static final String PEER = "MEDIACHANGE_PEER";
    static final String AGE_SECONDS = "MEDIACHANGE_AGE_SECONDS";
    static final String OUTCOME = "MEDIACHANGE_OUTCOME";
    static final String CONSOLE_URL = "MEDIACHANGE_CONSOLE_URL";
    static final String OK_URL = "MEDIACHANGE_OK_URL";
    static final String CANCEL_URL = "MEDIACHANGE_CANCEL_URL";

    private NotifyEnvironment() {
    }

    /**
     * The environment for {@code event} on {@code request}.
     *
     * @param base       the daemon's environment
     * @param ageSeconds whole seconds since the request arrived (until it ended, on {@code closed})
     * @param outcome    the audit outcome word on {@code closed}, else null
     * @param links      answer links; the Ok and Cancel links are left empty on {@code closed}
     */
    static Map<String, String> of(Map<String, String> base, NotifyEvent event, RequestInfo request, long ageSeconds,
            String outcome, AnswerUrls links) {
        Map<String, String> env = new HashMap<>();
        base.forEach((k, v) -> {
            if (!k.toUpperCase(Locale.ROOT).startsWith("MEDIACHANGE")) {
                env.put(k, v);
            }
        });
        boolean open = event != NotifyEvent.CLOSED;
        env.put(EVENT, event.word());
        env.put(ID, Long.toString(request.id()));
        env.put(MESSAGE, message(request.message()));
        env.put(HOST, Escaper.forLog(request.host()));
        env.put(PEER, request.peer());
        env.put(AGE_SECONDS, Long.toString(Math.max(0, ageSeconds)));
        env.put(OUTCOME, outcome == null ? "" : outcome);
        env.put(CONSOLE_URL, links.consoleUrl().orElse(""));
        env.put(OK_URL, open ? links.okUrl(request.id()).orElse("") : "");
        env.put(CANCEL_URL, open ? links.cancelUrl(request.id()).orElse("") : "");
        return env;
    }

    /**
     * The charset in which the JDK hands environment values to a child: the
     * default charset up to Java 17, {@code sun.jnu.encoding} from Java 18 on
     * (where the default charset is always UTF-8). Both follow the locale.
     */
    static Charset charset() {
        String jnu = System.getProperty("sun.jnu.encoding");
        if (Runtime.version().feature() >= 18 && jnu != null && Charset.isSupported(jnu)) {
            return Charset.forName(jnu);
        }
        return Charset.defaultCharset();
    }

    /** What to tell the admin when {@code charset} cannot carry every message to the commands. */
    static Optional<String> charsetWarning(Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            return Optional.empty();
        }
        return Optional.of("the daemon runs with the charset " + charset + ", so characters of a message that it"
                + " cannot encode reach the notify commands as '?'; start it under a UTF-8 locale, e.g."
                + " LC_ALL=C.UTF-8 (the mediachanged launcher does so when no locale is set)");
    }

    /** The message escaped for the log, cut to {@link #MESSAGE_CHARS} (never inside a surrogate pair). */
    static String message(String message) {
        if (message.length() <= MESSAGE_CHARS) {
            return Escaper.forLog(message);
        }
        int cut = MESSAGE_CHARS;
        if (Character.isHighSurrogate(message.charAt(cut - 1))) {
            cut--;
        }
        return Escaper.forLog(message.substring(0, cut)) + "\u2026";
    }
}
