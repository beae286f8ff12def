package org.mediachange.daemon.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Who answered a request: the X dialog, an operator in the web console, or
 * an answer link. Each says how the audit log names it ({@code by=dialog},
 * {@code by=web:alice}, {@code by=link}; also the web API's {@code "by"}) and
 * how a sentence for people does ("on the console dialog", "by alice",
 * "through an answer link").
 */
public sealed interface Answerer {

    /** The X dialog at the console. */
    Answerer DIALOG = new Dialog();

    /** An answer link (from a notification). */
    Answerer LINK = new Link();

    /** Operator {@code name}, logged in to the web console (or using {@code mediachangectl}). */
    static Answerer operator(String name) {
        return new WebOperator(name);
    }

    /**
     * The answerer the audit log names {@code token} ({@link #token()} read back), or empty
     * for a token no answerer has.
     */
    static Optional<Answerer> fromToken(String token) {
        if (token == null) {
            return Optional.empty();
        }
        if (token.startsWith("web:") && token.length() > 4) {
            return Optional.of(operator(token.substring(4)));
        }
        return switch (token) {
            case "dialog" -> Optional.of(DIALOG);
            case "link" -> Optional.of(LINK);
            default -> Optional.empty();
        };
    }

    /** The name in the audit line after {@code by=}. */
    String token();

    /** For people, after "answered Ok": "on the console dialog", "by alice", "through an answer link". */
    String text();

    /** The X dialog. */
    record Dialog() implements Answerer {
        @Override
        public String token() {
            return "dialog";
        }

        @Override
        public String text() {
            return "on the console dialog";
        }
    }

    /** A web console operator. */
    record WebOperator(String name) implements Answerer {

        /** Rejects null. */
        public WebOperator {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String token() {
            return "web:" + name;
        }

        @Override
        public String text() {
            return "by " + name;
        }
    }

    /** An answer link. */
    record Link() implements Answerer {
        @Override
        public String token() {
            return "link";
        }

        @Override
        public String text() {
            return "through an answer link";
        }
    }
}
