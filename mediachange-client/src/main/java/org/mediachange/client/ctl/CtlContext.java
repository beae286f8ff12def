package org.mediachange.client.ctl;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the commands take from their surroundings, passed in so that tests
 * can give their own: the environment ({@code USER}, {@code
 * MEDIACHANGE_PASSWORD}), the terminal to ask for a password on, the clock
 * (its zone is the one {@code watch} shows times in) and the stop signal.
 *
 * @param env    environment variables
 * @param prompt asks for the password when no other source has one
 * @param clock  time and time zone
 * @param stop   fired by Ctrl-C and SIGTERM
 */
public record CtlContext(Map<String, String> env, PasswordPrompt prompt, Clock clock, StopSignal stop) {

    /** Rejects nulls; copies the environment. */
    public CtlContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(stop, "stop");
    }

    /** The real surroundings of a process. */
    public static CtlContext system(StopSignal stop) {
        return new CtlContext(System.getenv(), PasswordPrompt.terminal(), Clock.systemDefaultZone(), stop);
    }
}
