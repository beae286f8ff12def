package org.mediachange.daemon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One --notify value: commands, each with its own timing words, then the defaults for the rest. */
class NotifyCommandsTest {

    @Test
    void timingWordsAtTheStartSetThatCommandsTimes() {
        NotifyCommands parsed = NotifyCommands.parse(
                "every=15m /usr/share/mediachange/notify/ntfy https://ntfy.sh/t ;"
                        + " after=10m every=0 /usr/share/mediachange/notify/mail team@example.com ; /bin/logger x");
        List<NotifyCommand> c = NotifyConfig.of(List.of(parsed), Duration.ofSeconds(5), Duration.ofHours(1))
                .commands();
        assertThat(c).containsExactly(
                new NotifyCommand(List.of("/usr/share/mediachange/notify/ntfy", "https://ntfy.sh/t"),
                        Duration.ofSeconds(5), Duration.ofMinutes(15)),
                new NotifyCommand(List.of("/usr/share/mediachange/notify/mail", "team@example.com"),
                        Duration.ofMinutes(10), Duration.ZERO),
                new NotifyCommand(List.of("/bin/logger", "x"), Duration.ofSeconds(5), Duration.ofHours(1)));
    }

    @Test
    void timingWordsLaterOnAreArguments() {
        assertThat(NotifyCommands.parse("/bin/echo after=1m").commands().get(0).argv())
                .containsExactly("/bin/echo", "after=1m");
    }

    @Test
    void badTimingWordsAreErrors() {
        assertThatThrownBy(() -> NotifyCommands.parse("after=soon /bin/x"))
                .hasMessageStartingWith("'after=soon': 'soon' is not a duration");
        assertThatThrownBy(() -> NotifyCommands.parse("every=1m every=2m /bin/x"))
                .hasMessage("'every=2m': every= given twice");
        assertThatThrownBy(() -> NotifyCommands.parse("after=1m every=2m"))
                .hasMessage("'after=1m every=2m': no program after them");
    }

    @Test
    void groupsFromSeveralOptionsAreJoinedInOrder() {
        NotifyConfig config = NotifyConfig.of(List.of(NotifyCommands.parse("/bin/a; /bin/b"),
                NotifyCommands.parse("/bin/c")), NotifyConfig.DEFAULT_AFTER, NotifyConfig.DEFAULT_EVERY);
        assertThat(config.commands()).extracting(NotifyCommand::program).containsExactly("/bin/a", "/bin/b", "/bin/c");
        assertThat(config.commands()).allSatisfy(c -> {
            assertThat(c.after()).isZero();
            assertThat(c.every()).isEqualTo(Duration.ofMinutes(15));
        });
    }

    @Test
    void programsMustBeExecutableFilesOrOnPath() {
        NotifyConfig ok = NotifyConfig.of(List.of(NotifyCommands.parse("/bin/sh -c x; sh -c y")), Duration.ZERO,
                Duration.ZERO);
        assertThat(ok.programProblem("/nonexistent:/bin")).isEmpty();
        assertThat(ok.programProblem("/nonexistent")).contains(
                "'sh' is not an executable file in any directory of PATH");
        NotifyConfig missing = NotifyConfig.of(List.of(NotifyCommands.parse("/nonexistent/page")), Duration.ZERO,
                Duration.ZERO);
        assertThat(missing.programProblem("/bin")).contains("'/nonexistent/page' is not an executable file");
        NotifyConfig relative = NotifyConfig.of(List.of(NotifyCommands.parse("bin/page")), Duration.ZERO,
                Duration.ZERO);
        assertThat(relative.programProblem("/bin")).contains("'bin/page' is a relative path; give the full path");
        NotifyConfig directory = NotifyConfig.of(List.of(NotifyCommands.parse("/bin")), Duration.ZERO, Duration.ZERO);
        assertThat(directory.programProblem("/bin")).contains("'/bin' is not an executable file");
    }
}
