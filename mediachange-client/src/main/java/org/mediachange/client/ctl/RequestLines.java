package org.mediachange.client.ctl;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.mediachange.common.text.Escaper;

/**
 * The lines {@code list} and {@code watch} print, one per request, columns
 * separated by two spaces, the message last (docs/CTL.md, "Output"):
 * <pre>
 * list:   ID  STATE  AGE  SOURCE  MESSAGE
 *         12  pending  3m12s  backup1 (192.168.1.5)  Please mount volume 3
 *         11  ok by alice  2m ago  backup1 (192.168.1.5)  Please mount volume 2
 * watch:  TIME  ID  STATE  SOURCE  MESSAGE
 *         01:02:03  12  pending  backup1 (192.168.1.5)  Please mount volume 3
 *         01:05:40  12  ok by alice  backup1 (192.168.1.5)  Please mount volume 3
 * </pre>
 * Every text from the console is escaped ({@link Escaper#forDisplay}), so a
 * message cannot move the cursor, clear the screen or forge a second line.
 */
final class RequestLines {

    private static final String SEP = "  ";
    private static final String UNKNOWN = "-";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private RequestLines() {
    }

    /** A pending request for {@code list}: its age is how long it has waited by {@code now}. */
    static String pending(Api.Pending p, Instant now) {
        Instant received = Api.time(p.received());
        String age = received == null ? "?" : age(Duration.between(received, now));
        return p.id() + SEP + "pending" + SEP + age + SEP + source(p.host(), p.peer()) + SEP + text(p.message());
    }

    /** An ended request for {@code list}: how long ago it ended by {@code now}. */
    static String recent(Api.Recent r, Instant now) {
        Instant closed = Api.time(r.closed());
        String ago = closed == null ? "? ago" : ago(Duration.between(closed, now));
        return r.id() + SEP + state(r) + SEP + ago + SEP + source(r.host(), r.peer()) + SEP + text(r.message());
    }

    /** A request that came (or was found waiting) for {@code watch}, at the time it was received. */
    static String opened(Api.Pending p, ZoneId zone) {
        return clock(Api.time(p.received()), zone) + SEP + p.id() + SEP + "pending" + SEP + source(p.host(), p.peer())
                + SEP + text(p.message());
    }

    /**
     * A request that ended, for {@code watch}, at the time it ended; what it
     * was comes from {@code r} or, where the event left it out, from {@code known}
     * (the request as it was seen pending; may be null).
     */
    static String closed(Api.Recent r, Api.Pending known, ZoneId zone) {
        String host = r.host() != null || known == null ? r.host() : known.host();
        String peer = r.peer() != null || known == null ? r.peer() : known.peer();
        String message = r.message() != null || known == null ? r.message() : known.message();
        return clock(Api.time(r.closed()), zone) + SEP + r.id() + SEP + state(r) + SEP + source(host, peer) + SEP
                + text(message);
    }

    /** How a request ended: the outcome word, and who answered: {@code ok by alice}, {@code timeout}. */
    static String state(Api.Recent r) {
        String outcome = Escaper.forDisplay(Api.orElse(r.outcome(), "closed"));
        return r.by() == null || r.by().isBlank() ? outcome : outcome + " by " + who(r.by());
    }

    /**
     * Who answered, from the API's {@code by}: {@code web:NAME} (the web console
     * and this command) is the operator's NAME; the others ({@code dialog},
     * {@code link}) are shown as they are.
     */
    static String who(String by) {
        return Escaper.forDisplay(by.startsWith("web:") && by.length() > 4 ? by.substring(4) : by);
    }

    /** {@code backup1 (192.168.1.5)}; just the address when there is no name. */
    static String source(String host, String peer) {
        String h = Api.orElse(host, null);
        String p = Api.orElse(peer, null);
        if (h == null && p == null) {
            return UNKNOWN;
        }
        if (h == null || p == null || h.equals(p)) {
            return Escaper.forDisplay(h == null ? p : h);
        }
        return Escaper.forDisplay(h) + " (" + Escaper.forDisplay(p) + ")";
    }

    private static String text(String message) {
        return message == null ? UNKNOWN : Escaper.forDisplay(message);
    }

    private static String clock(Instant t, ZoneId zone) {
        return t == null ? "--:--:--" : CLOCK.format(t.atZone(zone));
    }

    /** A waiting time in two units at most: {@code 12s}, {@code 3m12s}, {@code 1h05m}, {@code 2d03h}. */
    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + two(s % 60) + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h" + two(s % 3600 / 60) + "m";
        }
        return s / 86_400 + "d" + two(s % 86_400 / 3600) + "h";
    }

    /** A past time in one unit: {@code 12s ago}, {@code 3m ago}, {@code 1h ago}, {@code 2d ago}. */
    static String ago(Duration d) {
        long s = Math.max(0, d.getSeconds());
        String amount = s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" : s < 86_400 ? s / 3600 + "h" : s / 86_400 + "d";
        return amount + " ago";
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }
}
