package org.mediachange.daemon.dialog.ui;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests waiting for their dialog, one line per peer address, the lines
 * taken in turn: a host that has many requests waiting (a flood, up to
 * {@code --max-per-source} of them, each dialog costing up to a few tens of
 * milliseconds to build and paint) delays another host's request by at most
 * one dialog of its own, not by all of them. Within a line, first come first
 * shown. Items may be added from any thread; {@link #next} runs on the event
 * dispatch thread.
 *
 * @param <T> what waits
 */
final class ShowQueue<T> {

    /** Lines in turn order: the first is next, a line that gave an item goes to the back. */
    private final Map<String, ArrayDeque<T>> lines = new LinkedHashMap<>();

    /** Adds {@code item}, a request from {@code address}. */
    synchronized void add(T item, String address) {
        lines.computeIfAbsent(address, a -> new ArrayDeque<>()).add(item);
    }

    /** The next item to show, or null if none waits. */
    synchronized T next() {
        Iterator<Map.Entry<String, ArrayDeque<T>>> it = lines.entrySet().iterator();
        if (!it.hasNext()) {
            return null;
        }
        Map.Entry<String, ArrayDeque<T>> first = it.next();
        T item = first.getValue().poll();
        it.remove();
        if (!first.getValue().isEmpty()) {
            lines.put(first.getKey(), first.getValue());
        }
        return item;
    }
}
