package org.mediachange.daemon.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of {@code --notify} into commands and their words the way a
 * POSIX shell splits words, without ever running a shell: blanks separate
 * words; {@code '...'} keeps everything literally; inside {@code "..."} a
 * backslash escapes only {@code "}, {@code \}, {@code $}, {@code `} and a
 * line end; outside quotes a backslash escapes any character. An unquoted
 * {@code ;} ends a command, so one value (one line of a properties file) can
 * hold several.
 *
 * <p>Nothing is expanded: no variables, no {@code ~}, no globs, no command
 * substitution. So that nobody is surprised by that, the characters with which
 * a shell would do something other than quote ({@code | & < > ( ) $ `}) are
 * refused unless quoted or escaped, with a message saying to write a script.
 */
final class CommandWords {

    /** Unquoted, these would make a shell redirect, pipe, substitute or start a subshell. */
    private static final String SHELL_ONLY = "|&<>()$`";
    /** Inside double quotes, a backslash escapes only these (POSIX). */
    private static final String DOUBLE_QUOTE_ESCAPES = "\"\\$`\n";

    private CommandWords() {
    }

    /**
     * The commands in {@code text}, each a non-empty list of words.
     *
     * @throws IllegalArgumentException with a message for the user: an unbalanced quote, a
     *                                  trailing backslash, an empty command or an unquoted
     *                                  shell operator
     */
    static List<List<String>> split(String text) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        // A word exists once anything was quoted or written, so '' is an (empty) word.
        boolean inWord = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unbalanced ' (single quote)");
                }
                word.append(text, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(text, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("a backslash at the end escapes nothing");
                }
                char next = text.charAt(i + 1);
                if (next != '\n') { // backslash-newline continues the line, as in a shell
                    word.append(next);
                    inWord = true;
                }
                i += 2;
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == ';') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (words.isEmpty()) {
                    throw new IllegalArgumentException("empty command before ';'");
                }
                commands.add(List.copyOf(words));
                words.clear();
                i++;
            } else if (SHELL_ONLY.indexOf(c) >= 0) {
                throw new IllegalArgumentException("unquoted '" + c + "': notify commands are not run by a shell"
                        + " (quote it to pass it on, or put a pipeline or redirection in a script)");
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(List.copyOf(words));
        }
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        return List.copyOf(commands);
    }

    /** Appends the double-quoted text that starts at {@code from}; returns the index after the closing quote. */
    private static int doubleQuoted(String text, int from, StringBuilder word) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length() && DOUBLE_QUOTE_ESCAPES.indexOf(text.charAt(i + 1)) >= 0) {
                if (text.charAt(i + 1) != '\n') {
                    word.append(text.charAt(i + 1));
                }
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unbalanced \" (double quote)");
    }
}
