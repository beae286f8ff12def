package org.mediachange.daemon.tally;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of one kind of event by a few words (a refusal by its reason, a
 * notify run by event and result), kept by the part of the daemon where the
 * event happens and read by {@code /metrics} when it is scraped. One call
 * beside the log line that already tells of the event; no part has to know
 * about the metrics, and counting costs no more than a map lookup.
 *
 * <p>The words must come from a small fixed set (outcome tokens, enum
 * words), never from untrusted input: each combination is kept for good.
 */
public final class Tally {

    private final int width;
    private final Map<List<String>, LongAdder> counts = new ConcurrentHashMap<>();

    /** A tally of events told apart by {@code width} words each. */
    public Tally(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width " + width);
        }
        this.width = width;
    }

    /** How many words tell the events apart. */
    public int width() {
        return width;
    }

    /** Counts one event described by {@code words} ({@link #width()} of them, none null). */
    public void add(String... words) {
        if (words.length != width) {
            throw new IllegalArgumentException(words.length + " words for a tally of " + width);
        }
        for (String w : words) {
            Objects.requireNonNull(w, "word");
        }
        counts.computeIfAbsent(List.of(words), k -> new LongAdder()).increment();
    }

    /** The count of the events described by {@code words}; 0 if none happened. */
    public long count(String... words) {
        LongAdder a = counts.get(List.of(words));
        return a == null ? 0 : a.sum();
    }

    /** Every combination seen so far and its count, at one moment (sums are read one by one). */
    public Map<List<String>, Long> snapshot() {
        Map<List<String>, Long> out = new java.util.TreeMap<>(Tally::compare);
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
