package org.mediachange.client.ctl;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The JSON of the web console's API (docs/CTL.md, docs/WEB.md), as records
 * Gson reads; fields this version does not know are ignored, so the console
 * may add some. Everything in here is untrusted text from the network: it is
 * escaped where it is printed ({@link RequestLines}), never here.
 */
final class Api {

    /** Gson with its defaults: strict enough (no trailing garbage), unknown fields ignored. */
    static final Gson GSON = new Gson();

    private Api() {
    }

    /** A pending request. */
    record Pending(long id, String received, String peer, String host, String message) {
    }

    /** An ended request: its outcome, who answered (or null), when it ended, and perhaps what it was. */
    record Recent(long id, String outcome, String by, String closed, String received, String peer, String host,
            String message) {
    }

    /** {@code GET /api/requests}: pending oldest first, recent newest first. */
    record Requests(List<Pending> pending, List<Recent> recent) {
        /** Both lists present and without null entries, else the answer is not the console's. */
        Requests checked() {
            if (pending == null || recent == null || pending.contains(null) || recent.contains(null)) {
                throw new JsonParseException("\"pending\" and \"recent\" must both be lists of requests");
            }
            return this;
        }
    }

    /** The body of {@code POST /api/requests/ID/answer}. */
    record AnswerBody(String answer) {
    }

    /** The reply to an answer that decided the request. */
    record Answered(long id, String outcome, String by, String message) {
    }

    /**
     * {@code GET /api/health}: how the daemon is ({@code status} healthy or degraded, and why), its
     * version and uptime, the dialog's state and display, the waiting requests.
     */
    record Health(String status, List<String> problems, String version, String started, long uptimeSeconds,
            String dialogState, String display, Boolean displayAnswering, int pending, long oldestPendingSeconds) {
        /** The fields a status needs are there, else the answer is not the console's. */
        Health checked() {
            if (status == null || version == null || dialogState == null) {
                throw new JsonParseException("\"status\", \"version\" and \"dialogState\" are needed");
            }
            return this;
        }

        /** Whether the daemon said it is healthy. */
        boolean healthy() {
            return "healthy".equals(status);
        }
    }

    /** A refusal: {@code error} is for people. */
    record Problem(String error) {
    }

    /** Parses JSON {@code text} as {@code type}; never null. */
    static <T> T parse(String text, Class<T> type) {
        T value = GSON.fromJson(text, type);
        if (value == null) {
            throw new JsonParseException("empty answer");
        }
        return value;
    }

    /** An API time ({@code 2026-11-30T01:02:03Z}), or null when it is missing or not a time. */
    static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code text}, or {@code fallback} when it is null or blank. */
    static String orElse(String text, String fallback) {
        return text == null || text.isBlank() ? fallback : text;
    }
}
