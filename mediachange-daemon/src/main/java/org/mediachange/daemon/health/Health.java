package org.mediachange.daemon.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mediachange.daemon.dialog.DialogHealth;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.model.RequestInfo;

/**
 * How the daemon is doing, at one moment: what {@code GET /api/health},
 * {@code mediachangectl status} and systemd's status line say. Degraded means
 * the daemon runs but the X dialog cannot show requests (no X server answers
 * at DISPLAY while {@code --dialog x11}); the requests still wait, on the
 * board and in the web console.
 */
public final class Health {

    private final RequestBoard board;
    private final DialogHealth dialog;
    private final Instant started;
    private final String version;
    private final boolean otherSurfaces;

    /**
     * @param board   the requests
     * @param dialog  the dialog side, or null with {@code --dialog none} (or a prompt that has no display)
     * @param started when the daemon started
     * @param version the daemon's version
     * @param otherSurfaces whether requests can be answered elsewhere than in the X dialog (the web console)
     */
    public Health(RequestBoard board, DialogHealth dialog, Instant started, String version, boolean otherSurfaces) {
        this.board = board;
        this.dialog = dialog;
        this.started = started;
        this.version = version;
        this.otherSurfaces = otherSurfaces;
    }

    /**
     * One look at the daemon.
     *
     * @param healthy            no problem found
     * @param problems           what is wrong, one sentence each, for people
     * @param version            the daemon's version
     * @param started            when it started
     * @param now                the time of this look
     * @param dialogState        {@code off} with {@code --dialog none}, else {@link DialogHealth.State#word()}
     * @param display            the X display (e.g. {@code :0}), or null when there is no dialog
     * @param displayAnswering   whether the display answers; null when there is no dialog
     * @param pending            requests waiting
     * @param oldestPending      when the oldest waiting request arrived, or null
     */
    public record Report(boolean healthy, List<String> problems, String version, Instant started, Instant now,
            String dialogState, String display, Boolean displayAnswering, int pending, Instant oldestPending) {

        /** Copies the list. */
        public Report {
            problems = List.copyOf(problems);
        }

        /** How long the daemon has run. */
        public Duration uptime() {
            return Duration.between(started, now);
        }

        /** How long the oldest waiting request has waited; zero when none waits. */
        public Duration oldestWait() {
            return oldestPending == null ? Duration.ZERO : Duration.between(oldestPending, now);
        }
    }

    /** The dialog side, if there is one. */
    public Optional<DialogHealth> dialog() {
        return Optional.ofNullable(dialog);
    }

    /** How the daemon is doing now. */
    public Report report() {
        Instant now = board.now();
        List<RequestInfo> pending = board.view().pending();
        Instant oldest = pending.stream().map(RequestInfo::received).min(Instant::compareTo).orElse(null);
        List<String> problems = new ArrayList<>();
        String state = "off";
        String display = null;
        Boolean answering = null;
        if (dialog != null) {
            state = dialog.state().word();
            display = dialog.display();
            answering = dialog.displayAnswers();
            if (!answering) {
                problems.add("no X server answers at DISPLAY=" + display + ": requests are not shown there"
                        + (otherSurfaces ? " (they can be answered in the web console)" : ""));
            }
        }
        return new Report(problems.isEmpty(), problems, version, started, now, state, display, answering,
                pending.size(), oldest);
    }
}
