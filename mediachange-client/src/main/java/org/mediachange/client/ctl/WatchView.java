package org.mediachange.client.ctl;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code watch} prints for each event: a line when a request comes and
 * when it ends. It remembers the pending requests it has shown, so that after
 * a reconnection the new snapshot shows only what changed: requests that
 * came meanwhile, and those that ended meanwhile (with their outcome, when
 * the console still lists it). A request is known by its id and the time it
 * was received, because a restarted daemon counts from 1 again.
 */
final class WatchView {

    private final Map<Long, Api.Pending> shown = new LinkedHashMap<>();
    private final ZoneId zone;

    WatchView(ZoneId zone) {
        this.zone = zone;
    }

    /** The lines {@code event} makes, possibly none. */
    List<String> lines(ConsoleEvents.ConsoleEvent event) {
        List<String> lines = new ArrayList<>();
        if (event instanceof ConsoleEvents.Snapshot s) {
            Map<Long, Api.Pending> now = new HashMap<>();
            s.pending().forEach(p -> now.put(p.id(), p));
            for (Api.Pending gone : List.copyOf(shown.values())) {
                if (!same(gone, now.get(gone.id()))) {
                    shown.remove(gone.id());
                    Api.Recent how = s.recent().stream().filter(r -> r.id() == gone.id()
                            && (r.received() == null || r.received().equals(gone.received()))).findFirst()
                            .orElse(new Api.Recent(gone.id(), "closed", null, null, null, null, null, null));
                    lines.add(RequestLines.closed(how, gone, zone));
                }
            }
            for (Api.Pending p : s.pending()) {
                if (!same(shown.get(p.id()), p)) {
                    shown.put(p.id(), p);
                    lines.add(RequestLines.opened(p, zone));
                }
            }
        } else if (event instanceof ConsoleEvents.Opened o) {
            if (!same(shown.get(o.request().id()), o.request())) {
                shown.put(o.request().id(), o.request());
                lines.add(RequestLines.opened(o.request(), zone));
            }
        } else if (event instanceof ConsoleEvents.Closed c) {
            lines.add(RequestLines.closed(c.request(), shown.remove(c.request().id()), zone));
        }
        return lines;
    }

    private static boolean same(Api.Pending a, Api.Pending b) {
        return a != null && b != null && a.id() == b.id() && Objects.equals(a.received(), b.received());
    }
}
