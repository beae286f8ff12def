package org.mediachange.it;

import java.util.List;

/** The monitoring tests run Debian's Prometheus server and promtool (see {@link RequiresCommands}). */
public final class RequiresPrometheus extends RequiresCommands {

    /** Needs prometheus and promtool (Debian's package prometheus). */
    public RequiresPrometheus() {
        super("monitoring tests", List.of("prometheus", "promtool"));
    }
}
