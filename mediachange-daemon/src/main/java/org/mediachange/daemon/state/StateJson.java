package org.mediachange.daemon.state;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.mediachange.daemon.model.Ending;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.requests.ClosedRequest;
import org.mediachange.daemon.requests.SavedBoard;
import org.mediachange.daemon.requests.WaitingRequest;

/**
 * The state file's contents, as records Gson writes and reads (docs/OPERATIONS.md,
 * "Restarts and upgrades"). The fields that matter most for ids come first, so
 * that even the first part of a file cut short still says which ids were handed
 * out. Times are ISO 8601 in UTC; endings are the audit log's words.
 *
 * @param version  {@link #VERSION}; a file of another version is not read
 * @param running  true while the daemon that wrote it runs; false in the last write of a daemon
 *                 that stopped in order, whose {@code nextId} is then exact
 * @param nextId   the id the next request gets
 * @param idLimit  ids below this may have been handed out: the start after a crash goes on here
 * @param saved    when it was written, for people
 * @param waiting  the requests that wait, oldest first
 * @param recent   the recently ended requests, oldest first
 */
record StateJson(int version, boolean running, long nextId, long idLimit, String saved, List<Waiting> waiting,
        List<Ended> recent) {

    /** The format this daemon writes and reads. */
    static final int VERSION = 1;
    /** An IP address as the daemon writes it: IPv4 dotted quad, or IPv6 (always with a colon, never a name). */
    private static final Pattern ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** A request that waits. */
    record Waiting(long id, String received, String peer, int port, String host, String message, int restarts,
            List<String> marks) {
    }

    /** A request that ended; {@code ending} and {@code by} as the audit log's {@code outcome=} and {@code by=}. */
    record Ended(long id, String received, String peer, String host, String message, int restarts, String closed,
            String ending, String by, boolean delivered, List<String> marks) {
    }

    /** The file for {@code board}, with the ids {@code nextId} and {@code idLimit}. */
    static StateJson of(boolean running, long nextId, long idLimit, Instant now, SavedBoard board) {
        List<Waiting> waiting = new ArrayList<>();
        for (WaitingRequest w : board.waiting()) {
            RequestInfo i = w.info();
            waiting.add(new Waiting(i.id(), i.received().toString(), i.peer(), w.port(), i.host(), i.message(),
                    i.restarts(), List.copyOf(w.marks())));
        }
        List<Ended> recent = new ArrayList<>();
        for (ClosedRequest c : board.recent()) {
            RequestInfo i = c.info();
            recent.add(new Ended(i.id(), i.received().toString(), i.peer(), i.host(), i.message(), i.restarts(),
                    c.closed().toString(), c.ending().word(), c.by(), c.delivered(), List.copyOf(c.marks())));
        }
        return new StateJson(VERSION, running, nextId, idLimit, now.toString(), waiting, recent);
    }

    /**
     * The board this file describes, checked whole: the first thing wrong makes it unusable.
     *
     * @throws StateFile.DamagedException saying what is wrong
     */
    SavedBoard board() throws StateFile.DamagedException {
        if (version != VERSION) {
            throw new StateFile.DamagedException("it is of format " + version + ", not " + VERSION
                    + (version > VERSION ? " (written by a newer mediachanged)" : ""));
        }
        if (nextId < 1 || idLimit < nextId) {
            throw new StateFile.DamagedException("its ids are out of order (nextId " + nextId + ", idLimit " + idLimit
                    + ")");
        }
        List<WaitingRequest> w = new ArrayList<>();
        for (Waiting x : required(waiting, "waiting")) {
            checkRequest(x, x == null ? 0 : x.id(), x == null ? null : x.peer(), x == null ? null : x.host(),
                    x == null ? null : x.message(), x == null ? 0 : x.restarts());
            if (x.port() < 0 || x.port() > 65535) {
                throw new StateFile.DamagedException("request " + x.id() + " has port " + x.port());
            }
            w.add(new WaitingRequest(new RequestInfo(x.id(), time(x.received(), x.id()), x.peer(), x.host(),
                    x.message(), x.restarts()), x.port(), marks(x.marks(), x.id())));
        }
        List<ClosedRequest> r = new ArrayList<>();
        for (Ended x : required(recent, "recent")) {
            checkRequest(x, x == null ? 0 : x.id(), x == null ? null : x.peer(), x == null ? null : x.host(),
                    x == null ? null : x.message(), x == null ? 0 : x.restarts());
            Ending ending = Ending.fromWord(x.ending(), x.by()).orElseThrow(() -> new StateFile.DamagedException(
                    "request " + x.id() + " ended in an unknown way (" + x.ending() + ")"));
            r.add(new ClosedRequest(new RequestInfo(x.id(), time(x.received(), x.id()), x.peer(), x.host(),
                    x.message(), x.restarts()), time(x.closed(), x.id()), ending, x.delivered(),
                    marks(x.marks(), x.id())));
        }
        return new SavedBoard(w, r);
    }

    private void checkRequest(Object entry, long id, String peer, String host, String message, int restarts)
            throws StateFile.DamagedException {
        if (entry == null || id < 1 || id >= idLimit || peer == null || host == null || message == null || restarts < 0) {
            throw new StateFile.DamagedException("a request in it lacks something or has an id out of range ("
                    + id + ")");
        }
        if (!ADDRESS.matcher(peer).matches()) {
            throw new StateFile.DamagedException("request " + id + " has a peer that is not an IP address");
        }
    }

    private static <T> List<T> required(List<T> list, String name) throws StateFile.DamagedException {
        if (list == null) {
            throw new StateFile.DamagedException("it has no \"" + name + "\" list");
        }
        return list;
    }

    private static Instant time(String text, long id) throws StateFile.DamagedException {
        try {
            return Instant.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw new StateFile.DamagedException("request " + id + " has a bad time '" + text + "'");
        }
    }

    private static Set<String> marks(List<String> marks, long id) throws StateFile.DamagedException {
        if (marks == null || marks.contains(null)) {
            throw new StateFile.DamagedException("request " + id + " has a bad list of marks");
        }
        return new LinkedHashSet<>(marks);
    }
}
