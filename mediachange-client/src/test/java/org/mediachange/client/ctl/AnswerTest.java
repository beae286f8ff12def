package org.mediachange.client.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ok ID} and {@code cancel ID} against the stand-in console: the
 * answer decides the request once, a later answer exits 1 saying who was
 * first, and every refusal has its exit code and one line.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(StandInConsoles.class)
class AnswerTest {

    /** Started before each test and closed after it ({@link StandInConsoles}). */
    private StandInConsole console;
    private final Ctl ctl = new Ctl();

    @Test
    void okAnswersThePendingRequest() {
        long id = console.open("backup1", "192.168.1.5", "Please mount volume 3");
        Ctl.Run run = ctl.run("ok", "--url", console.url(), Long.toString(id));
        assertThat(run).isEqualTo(new Ctl.Run(0, "request " + id + " answered Ok\n", ""));
        assertThat(console.pendingIds()).isEmpty();
        StandInConsole.Seen post = console.seen().get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/api/requests/" + id + "/answer");
        assertThat(post.body()).isEqualTo("{\"answer\":\"ok\"}");
        assertThat(post.requestedBy()).isEqualTo("mediachange");
    }

    @Test
    void cancelAnswersThePendingRequest() {
        long id = console.open("backup1", "192.168.1.5", "Tape full");
        Ctl.Run run = ctl.run("cancel", Long.toString(id), "--url", console.url());
        assertThat(run).isEqualTo(new Ctl.Run(0, "request " + id + " answered Cancel\n", ""));
        assertThat(console.seen().get(0).body()).isEqualTo("{\"answer\":\"cancel\"}");
    }

    @Test
    void aSecondAnswerExitsOneAndSaysWhoAnsweredFirst() {
        long id = console.open("backup1", "192.168.1.5", "Please mount volume 3");
        assertThat(ctl.run("ok", "--url", console.url(), Long.toString(id)).exitCode()).isZero();

        ctl.env.put("USER", StandInConsole.OTHER_OPERATOR);
        ctl.env.put(PasswordSource.ENV, StandInConsole.OTHER_PASSWORD);
        Ctl.Run second = ctl.run("cancel", "--url", console.url(), Long.toString(id));
        assertThat(second).isEqualTo(new Ctl.Run(1, "",
                "mediachangectl: request " + id + " was already answered Ok by alice\n"));
    }

    @Test
    void aRequestAnsweredInTheDialogExitsOneSayingSo() {
        long id = console.open("backup1", "192.168.1.5", "Please mount volume 3");
        console.end(id, "cancel", "dialog");
        assertThat(ctl.run("ok", "--url", console.url(), Long.toString(id))).isEqualTo(new Ctl.Run(1, "",
                "mediachangectl: request " + id + " was already answered Cancel on the console dialog\n"));
    }

    @Test
    void aRequestThatTimedOutExitsOneSayingSo() {
        long id = console.open("backup1", "192.168.1.5", "Please mount volume 3");
        console.end(id, "timeout", null);
        assertThat(ctl.run("ok", "--url", console.url(), Long.toString(id))).isEqualTo(new Ctl.Run(1, "",
                "mediachangectl: request " + id + " timed out: nobody answered in time\n"));
    }

    @Test
    void anUnknownIdExitsThree() {
        assertThat(ctl.run("ok", "--url", console.url(), "4711")).isEqualTo(new Ctl.Run(3, "",
                "mediachangectl: there is no request 4711\n"));
    }

    @Test
    void anIdThatIsNotANumberIsAUsageErrorAndNothingIsSent() {
        // Issue 16: "abc is not a request id", not picocli's "'abc' is not a long".
        String fix = " is not a request id: give the number that mediachangectl list shows in its first column,"
                + " e.g. 12";
        assertThat(ctl.run("ok", "--url", console.url(), "twelve")).isEqualTo(new Ctl.Run(2, "",
                "mediachangectl: twelve" + fix + " (see 'mediachangectl ok --help')\n"));
        assertThat(ctl.run("cancel", "--url", console.url(), "0")).isEqualTo(new Ctl.Run(2, "",
                "mediachangectl: 0" + fix + " (see 'mediachangectl cancel --help')\n"));
        assertThat(ctl.run("ok", "-7").err()).isEqualTo("mediachangectl: -7" + fix
                + " (see 'mediachangectl ok --help')\n");
        assertThat(ctl.run("ok", "99999999999999999999").err()).startsWith("mediachangectl: 99999999999999999999"
                + fix);
        assertThat(ctl.run("ok", "--url", console.url())).isEqualTo(new Ctl.Run(2, "",
                "mediachangectl: Missing required parameter: 'ID' (see 'mediachangectl ok --help')\n"));
        assertThat(ctl.run("ok", "--url", console.url(), "1", "2")).isEqualTo(new Ctl.Run(2, "",
                "mediachangectl: unexpected argument '2' (see 'mediachangectl ok --help')\n"));
        assertThat(console.seen()).isEmpty();
    }

    @Test
    void aForbiddenAnswerExitsFourWithTheConsolesReason() {
        long id = console.open("backup1", "192.168.1.5", "Please mount volume 3");
        console.refuse(new StandInConsole.Refusal(403,
                "{\"error\":\"a request that changes something needs the header X-Requested-By: mediachange\"}"));
        assertThat(ctl.run("ok", "--url", console.url(), Long.toString(id))).isEqualTo(new Ctl.Run(4, "",
                "mediachangectl: the web console at " + console.url() + "/ refused: a request that changes something"
                        + " needs the header X-Requested-By: mediachange\n"));
    }

    @Test
    void aTooManyLoginsRefusalExitsFour() {
        console.refuse(new StandInConsole.Refusal(429,
                "{\"error\":\"too many failed logins from this address: try again in 30 s\"}"));
        assertThat(ctl.run("ok", "--url", console.url(), "1")).isEqualTo(new Ctl.Run(4, "",
                "mediachangectl: the web console at " + console.url() + "/ refused: too many failed logins from"
                        + " this address: try again in 30 s\n"));
    }

    @Test
    void anUnexpectedStatusExitsFourWithoutAStackTrace() {
        console.refuse(new StandInConsole.Refusal(500, "<html>\u001B[31moops</html>"));
        Ctl.Run run = ctl.run("cancel", "--url", console.url(), "1");
        assertThat(run).isEqualTo(new Ctl.Run(4, "",
                "mediachangectl: unexpected answer from " + console.url() + "/: HTTP 500: (no explanation)\n"));
    }

    @Test
    void anAnswerThatIsNotTheConsolesJsonExitsFour() {
        console.refuse(new StandInConsole.Refusal(200, "<html>hello</html>"));
        Ctl.Run run = ctl.run("ok", "--url", console.url(), "1");
        assertThat(run).isEqualTo(new Ctl.Run(4, "", "mediachangectl: unexpected answer from " + console.url()
                + "/ (HTTP 200, application/json; charset=utf-8): not the mediachange web console's JSON;"
                + " check --url\n"));
    }

    @Test
    void aHostileExplanationIsEscaped() {
        console.refuse(new StandInConsole.Refusal(409,
                "{\"error\":\"request 1 was answered\\u001b[2J by \\u202emallory\"}"));
        Ctl.Run run = ctl.run("ok", "--url", console.url(), "1");
        assertThat(run).isEqualTo(new Ctl.Run(1, "",
                "mediachangectl: request 1 was answered\\x1B[2J by \\u202Emallory\n"));
    }
}
