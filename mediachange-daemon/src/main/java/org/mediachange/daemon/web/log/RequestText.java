package org.mediachange.daemon.web.log;

import com.sun.net.httpserver.HttpExchange;
import java.util.Objects;
import org.mediachange.common.text.Escaper;

/**
 * Text that came with a request (its method, path, query, a header's value, a
 * name tried), held for the log: it renders only escaped, with the audit
 * line's escaper, and cut to {@value #MAX_CHARS} characters, so however it is
 * logged it cannot start a line of its own, move a terminal's cursor or make
 * {@code grep} call the log binary. Handlers decide with the raw values of the
 * exchange; this is what the log gets of them.
 */
public final class RequestText {

    /** Longest text shown; the rest is replaced by "...". */
    static final int MAX_CHARS = 200;

    private final String raw;

    private RequestText(String raw) {
        this.raw = Objects.requireNonNullElse(raw, "");
    }

    /** {@code text} from a request (null: empty). */
    public static RequestText of(String text) {
        return new RequestText(text);
    }

    /** The request's method. */
    public static RequestText method(HttpExchange ex) {
        return of(ex.getRequestMethod());
    }

    /** The first value of header {@code name}, if any (else empty). */
    public static RequestText header(HttpExchange ex, String name) {
        return of(ex.getRequestHeaders().getFirst(name));
    }

    /** Escaped ({@link Escaper#forLog}: also {@code \} and {@code "}) and cut short. */
    @Override
    public String toString() {
        int end = Math.min(raw.length(), MAX_CHARS);
        if (end < raw.length() && Character.isHighSurrogate(raw.charAt(end - 1))) {
            end--; // not half a character
        }
        String cut = raw.substring(0, end);
        return Escaper.forLog(cut) + (cut.length() < raw.length() ? "..." : "");
    }
}
