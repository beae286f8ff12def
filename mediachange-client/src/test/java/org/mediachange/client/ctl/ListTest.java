package org.mediachange.client.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code mediachangectl list} against the stand-in console: the lines, their order, and what is sent. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(StandInConsoles.class)
class ListTest {

    /** Started before each test and closed after it ({@link StandInConsoles}). */
    private StandInConsole console;
    private final Ctl ctl = new Ctl();

    @Test
    void pendingOldestFirstThenRecentNewestFirstOneLineEach() {
        Instant now = Instant.now();
        long first = console.open("backup1", "192.168.1.5", "Please mount volume 3", now.minusSeconds(192));
        long second = console.open("192.168.1.7", "192.168.1.7", "Tape full", now.minusSeconds(5));
        long done = console.open("backup2", "10.0.0.2", "Insert tape B", now.minusSeconds(600));
        Instant threeHoursAgo = now.minus(Duration.ofHours(3)).minusSeconds(30);
        console.history(new StandInConsole.Recent(99, "timeout", null, threeHoursAgo.toString(), null, null, null,
                null));
        console.end(done, "ok", "web:alice");

        Ctl.Run run = ctl.run("list", "--url", console.url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.outLines()).hasSize(4);
        // Ages are measured against the console's Date header, which is cut to the second: allow a second
        // less, and the run's own duration more.
        assertThat(run.outLines().get(0)).matches(first + "  pending  3m(1[1-9]|[2-5][0-9])s  backup1 \\(192\\.168\\.1\\.5\\)"
                + "  Please mount volume 3");
        assertThat(run.outLines().get(1)).matches(second + "  pending  ([4-9]|[1-5][0-9])s  192\\.168\\.1\\.7  Tape full");
        assertThat(run.outLines().get(2)).matches(done + "  ok by alice  [0-9]+s ago  backup2 \\(10\\.0\\.0\\.2\\)"
                + "  Insert tape B");
        // Fields a recent entry may leave out are shown as '-'.
        assertThat(run.outLines().get(3)).isEqualTo("99  timeout  3h ago  -  -");
    }

    @Test
    void nothingPendingOrRecentPrintsNothing() {
        assertThat(ctl.run("list", "--url", console.url())).isEqualTo(new Ctl.Run(0, "", ""));
    }

    @Test
    void sendsBasicCredentialsOfTheOperatorAndTheRequestedByHeader() {
        ctl.env.put("USER", StandInConsole.OTHER_OPERATOR);
        ctl.env.put(PasswordSource.ENV, StandInConsole.OTHER_PASSWORD);
        assertThat(ctl.run("list", "--url", console.url()).exitCode()).isZero();
        StandInConsole.Seen seen = console.seen().get(0);
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.path()).isEqualTo("/api/requests");
        assertThat(seen.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString(
                (StandInConsole.OTHER_OPERATOR + ":" + StandInConsole.OTHER_PASSWORD).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(seen.requestedBy()).isEqualTo("mediachange");
    }

    @Test
    void hostileHostNamesAndMessagesAreEscapedOnTheTerminal() {
        long id = console.open("evil\u001B]0;pwned\u0007", "10.0.0.9",
                "Mount\u001B[2J tape\nfake 99  ok by root\u202E");
        Ctl.Run run = ctl.run("list", "--url", console.url());
        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).hasSize(1);
        assertThat(run.out()).doesNotContain("\u001B").doesNotContain("\u0007").doesNotContain("\u202E");
        assertThat(run.outLines().get(0)).startsWith(id + "  pending  ")
                .endsWith("  evil\\x1B]0;pwned\\x07 (10.0.0.9)  Mount\\x1B[2J tape\\nfake 99  ok by root\\u202E");
    }

    @Test
    void nonAsciiMessagesArePrintedAsTheyAre() {
        console.open("bänd", "10.0.0.9", "Bänd 3 – テープ");
        Ctl.Run run = ctl.run("list", "--url", console.url());
        assertThat(run.out()).contains("  bänd (10.0.0.9)  Bänd 3 – テープ");
    }

    @Test
    void aPathPrefixInTheUrlIsKept() {
        // A console behind a proxy at /mediachange/: the stand-in serves /api/ only, so the 404 shows the path.
        Ctl.Run run = ctl.run("list", "--url", console.url() + "/mediachange");
        assertThat(run.exitCode()).isEqualTo(CtlExitCode.REFUSED.code());
        assertThat(run.err()).isEqualTo("mediachangectl: no mediachange web console API at " + console.url()
                + "/mediachange/ (HTTP 404 for /mediachange/api/requests): check --url\n");
    }

    @Test
    void recentIsCutToTheNewestTenUnlessToldOtherwise() {
        for (int i = 0; i < 15; i++) {
            console.end(console.open("backup1", "10.0.0.1", "request " + i), "ok", "dialog");
        }
        console.open("backup2", "10.0.0.2", "still waiting");
        Ctl.Run run = ctl.run("list", "--url", console.url());
        assertThat(run.outLines()).hasSize(11);
        assertThat(run.outLines().get(0)).contains("  pending  ").endsWith("still waiting");
        assertThat(run.outLines().get(1)).startsWith("15  ok by dialog  ").endsWith("request 14");
        assertThat(run.outLines().get(10)).endsWith("request 5");
        assertThat(ctl.run("list", "--url", console.url(), "--recent", "0").outLines()).hasSize(1);
        assertThat(ctl.run("list", "--url", console.url(), "--recent", "100").outLines()).hasSize(16);
        assertThat(ctl.run("list", "--url", console.url(), "--recent", "-1").err())
                .isEqualTo("mediachangectl: Invalid value for option '--recent': '-1' is not a whole number of 0 or"
                        + " more (see 'mediachangectl list --help')\n");
    }
}
