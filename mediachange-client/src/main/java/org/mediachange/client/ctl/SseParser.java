package org.mediachange.client.ctl;

/**
 * Turns the lines of a {@code text/event-stream} into events, as the HTML
 * standard's "Server-sent events" section interprets them: {@code event:}
 * names the event ({@code message} if none), each {@code data:} line adds a
 * line of data, a blank line ends the event, a line starting with {@code :}
 * is a comment (the console's keep-alive), one space after the colon is not
 * part of the value, and unknown fields are ignored. The data of one event is
 * bounded, like the lines it is made of.
 */
final class SseParser {

    static final int MAX_DATA_CHARS = 4 << 20;

    /** One event: its name and its data lines joined with LF. */
    record Event(String name, String data) {
    }

    /** The event's data grew beyond {@link #MAX_DATA_CHARS}. */
    static final class TooLongException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLongException() {
            super("an event of the stream is longer than " + MAX_DATA_CHARS + " characters");
        }
    }

    private String name = "";
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean first = true;

    /** Takes the next line; returns the event it completes, else null. */
    Event accept(String line) throws TooLongException {
        String l = line;
        if (first) {
            first = false;
            if (l.startsWith("\uFEFF")) {
                l = l.substring(1);
            }
        }
        if (l.isEmpty()) {
            return dispatch();
        }
        if (l.startsWith(":")) {
            return null;
        }
        int colon = l.indexOf(':');
        String field = colon < 0 ? l : l.substring(0, colon);
        String value = colon < 0 ? "" : l.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            name = value;
        } else if (field.equals("data")) {
            if (data.length() + value.length() + 1 > MAX_DATA_CHARS) {
                throw new TooLongException();
            }
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
        // id and retry are not needed: each connection starts with a snapshot, and watch has its own pauses.
        return null;
    }

    private Event dispatch() {
        Event e = hasData ? new Event(name.isEmpty() ? "message" : name, data.toString()) : null;
        name = "";
        data.setLength(0);
        hasData = false;
        return e;
    }
}
