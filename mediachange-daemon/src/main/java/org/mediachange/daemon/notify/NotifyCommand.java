package org.mediachange.daemon.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One program to run on request events: its words (the program, then its
 * arguments), and when to run it.
 *
 * @param argv  the program and its arguments, never run through a shell
 * @param after how long a request waits before the first ({@code new}) run; {@code null} until
 *              {@link #withDefaults} fills in {@code --notify-after}
 * @param every how often to remind while it still waits, zero for never; {@code null} until
 *              {@link #withDefaults} fills in {@code --notify-every}
 */
public record NotifyCommand(List<String> argv, Duration after, Duration every) {

    /** Copies the words; rejects an empty command and negative durations. */
    public NotifyCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        if ((after != null && after.isNegative()) || (every != null && every.isNegative())) {
            throw new IllegalArgumentException("negative duration");
        }
    }

    /** The program: the first word. */
    public String program() {
        return argv.get(0);
    }

    /**
     * The mark this command leaves on a request it announced ({@code notified:} and 16 hex digits of
     * the SHA-256 of its words: the words may hold secrets, and the marks are saved), so that after
     * a restart the request is not announced again.
     */
    public String mark() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\0", argv)
                    .getBytes(StandardCharsets.UTF_8));
            return "notified:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** This command with {@code after} and {@code every} where it sets none of its own. */
    public NotifyCommand withDefaults(Duration defaultAfter, Duration defaultEvery) {
        return new NotifyCommand(argv, after != null ? after : Objects.requireNonNull(defaultAfter),
                every != null ? every : Objects.requireNonNull(defaultEvery));
    }
}
