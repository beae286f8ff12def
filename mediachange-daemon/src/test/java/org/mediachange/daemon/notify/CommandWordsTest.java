package org.mediachange.daemon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Notify commands are split into words as a POSIX shell splits them, and nothing is expanded. */
class CommandWordsTest {

    private static List<String> words(String text) {
        List<List<String>> commands = CommandWords.split(text);
        assertThat(commands).hasSize(1);
        return commands.get(0);
    }

    @Test
    void blanksSeparateWords() {
        assertThat(words("  /usr/bin/page\t-v   ops@example.com \n")).containsExactly("/usr/bin/page", "-v",
                "ops@example.com");
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertThat(words("echo 'a  b' 'it''s' '$HOME \\n \"x\"'")).containsExactly("echo", "a  b", "its",
                "$HOME \\n \"x\"");
    }

    @Test
    void doubleQuotesEscapeOnlyWhatPosixSays() {
        assertThat(words("echo \"a \\\"b\\\" \\\\ \\$X \\` \\n\"")).containsExactly("echo", "a \"b\" \\ $X ` \\n");
    }

    @Test
    void aBackslashOutsideQuotesEscapesAnyCharacter() {
        assertThat(words("echo a\\ b \\'c \\; \\|")).containsExactly("echo", "a b", "'c", ";", "|");
    }

    @Test
    void aBackslashBeforeALineEndContinuesTheLine() {
        assertThat(words("echo a\\\nb \"c\\\nd\"")).containsExactly("echo", "ab", "cd");
    }

    @Test
    void quotedPartsJoinTheWordAroundThem() {
        assertThat(words("x=\"1 2\"'3'4 ''")).containsExactly("x=1 23" + "4", "");
    }

    @Test
    void nothingIsExpanded() {
        assertThat(words("echo ~ * ?.txt [ab] {a,b} '$(id)' \"`id`\\$\" '#'")).containsExactly("echo", "~", "*",
                "?.txt", "[ab]", "{a,b}", "$(id)", "`id`$", "#");
    }

    @Test
    void anUnquotedSemicolonSeparatesCommands() {
        assertThat(CommandWords.split("/bin/a 1; /bin/b '2;3' ;/bin/c;")).containsExactly(
                List.of("/bin/a", "1"), List.of("/bin/b", "2;3"), List.of("/bin/c"));
    }

    @Test
    void unbalancedQuotesAreErrors() {
        assertThatThrownBy(() -> CommandWords.split("echo 'it")).hasMessage("unbalanced ' (single quote)");
        assertThatThrownBy(() -> CommandWords.split("echo \"it\\\"")).hasMessage("unbalanced \" (double quote)");
    }

    @Test
    void aTrailingBackslashIsAnError() {
        assertThatThrownBy(() -> CommandWords.split("echo a\\")).hasMessage("a backslash at the end escapes nothing");
    }

    @Test
    void emptyCommandsAreErrors() {
        assertThatThrownBy(() -> CommandWords.split("  ")).hasMessage("no command");
        assertThatThrownBy(() -> CommandWords.split("/bin/a ;; /bin/b")).hasMessage("empty command before ';'");
        assertThatThrownBy(() -> CommandWords.split("; /bin/b")).hasMessage("empty command before ';'");
    }

    @Test
    void unquotedShellOperatorsAreRefusedWithAHint() {
        for (String op : List.of("|", "&", "<", ">", "(", ")", "$", "`")) {
            assertThatThrownBy(() -> CommandWords.split("/bin/mail ops " + op + " x")).as(op)
                    .hasMessageStartingWith("unquoted '" + op + "': notify commands are not run by a shell")
                    .hasMessageContaining("script");
        }
        assertThat(words("/bin/x 'a|b' \"c&d\" e\\>f \"$\"")).containsExactly("/bin/x", "a|b", "c&d", "e>f", "$");
    }
}
