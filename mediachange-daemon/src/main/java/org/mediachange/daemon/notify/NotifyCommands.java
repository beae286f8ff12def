package org.mediachange.daemon.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mediachange.common.time.Durations;

/**
 * The commands of one {@code --notify} value (or one {@code notify=} line):
 * split as {@link CommandWords} says, {@code ;} between commands. Each command
 * may begin with the words {@code after=DURATION} and {@code every=DURATION},
 * which replace {@code --notify-after} and {@code --notify-every} for that
 * command alone (for escalation: "mail the team after 10 minutes, page the
 * on-call person at once").
 *
 * @param commands at least one
 */
public record NotifyCommands(List<NotifyCommand> commands) {

    private static final String AFTER = "after=";
    private static final String EVERY = "every=";

    /** Copies the list. */
    public NotifyCommands {
        commands = List.copyOf(commands);
    }

    /**
     * Parses one {@code --notify} value.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static NotifyCommands parse(String text) {
        List<NotifyCommand> result = new ArrayList<>();
        for (List<String> words : CommandWords.split(text)) {
            Duration after = null;
            Duration every = null;
            int first = 0;
            while (first < words.size() && (words.get(first).startsWith(AFTER) || words.get(first).startsWith(EVERY))) {
                String w = words.get(first);
                boolean isAfter = w.startsWith(AFTER);
                if ((isAfter ? after : every) != null) {
                    throw new IllegalArgumentException("'" + w + "': " + (isAfter ? AFTER : EVERY) + " given twice");
                }
                Duration d = duration(w, (isAfter ? AFTER : EVERY).length());
                if (isAfter) {
                    after = d;
                } else {
                    every = d;
                }
                first++;
            }
            if (first == words.size()) {
                throw new IllegalArgumentException("'" + String.join(" ", words) + "': no program after "
                        + (words.size() == 1 ? "it" : "them"));
            }
            result.add(new NotifyCommand(words.subList(first, words.size()), after, every));
        }
        return new NotifyCommands(result);
    }

    private static Duration duration(String word, int from) {
        try {
            return Durations.parse(word.substring(from));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + word + "': " + e.getMessage());
        }
    }
}
