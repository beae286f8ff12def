package org.mediachange.client.ctl;

import java.io.Console;

/** Asks for the password on the terminal, without echo; the last of the password sources. */
@FunctionalInterface
public interface PasswordPrompt {

    /** The password typed after {@code prompt}; null when there is no terminal or it was closed. */
    char[] ask(String prompt);

    /** No terminal to ask on (scripts, tests). */
    PasswordPrompt NONE = prompt -> null;

    /** The process's terminal, if standard input and output are one; else {@link #NONE}. */
    static PasswordPrompt terminal() {
        Console console = System.console();
        return console == null ? NONE : prompt -> console.readPassword("%s", prompt);
    }
}
