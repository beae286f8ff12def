package org.mediachange.daemon.dialog.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.testing.Requests;

/** The daemon-to-dialog-process line protocol: hostile text cannot break a line or forge a command. */
class PipeProtocolTest {

    @Test
    void showRoundTripsAnyText() {
        RequestInfo r = Requests.info(7, "evil\nanswer 1 ok", "::1", "line\nclose 1\r\u0000 ünï <html>");
        String line = PipeProtocol.show(r);
        assertThat(line).doesNotContain("\n", "\r").startsWith("show 7 2026-11-30T01:02:03Z ");
        assertThat(PipeProtocol.parse(line)).contains(new PipeProtocol.Show(r));
    }

    @Test
    void answersAndCloseParse() {
        assertThat(PipeProtocol.parse(PipeProtocol.answer(3, Decision.OK))).contains(new PipeProtocol.Answer(3, Decision.OK));
        assertThat(PipeProtocol.parse(PipeProtocol.answer(4, Decision.CANCEL)))
                .contains(new PipeProtocol.Answer(4, Decision.CANCEL));
        assertThat(PipeProtocol.parse(PipeProtocol.close(5))).contains(new PipeProtocol.Close(5));
        assertThat(PipeProtocol.parse("ready")).contains(new PipeProtocol.Ready());
        assertThat(PipeProtocol.parse(PipeProtocol.failed(6))).contains(new PipeProtocol.Failed(6));
        assertThat(PipeProtocol.parse(PipeProtocol.ping(8))).contains(new PipeProtocol.Ping(8));
        assertThat(PipeProtocol.parse(PipeProtocol.pong(8))).contains(new PipeProtocol.Pong(8));
    }

    @Test
    void anythingElseIsNotACommand() {
        assertThat(PipeProtocol.parse("")).isEmpty();
        assertThat(PipeProtocol.parse("answer 1 yes")).isEmpty();
        assertThat(PipeProtocol.parse("answer x ok")).isEmpty();
        assertThat(PipeProtocol.parse("show 1 !!! a b")).isEmpty();
        assertThat(PipeProtocol.parse("show 1 yesterday YQ== YQ== YQ==")).isEmpty();
        assertThat(PipeProtocol.parse("ready now")).isEmpty();
        assertThat(PipeProtocol.parse("failed 1 because")).isEmpty();
        assertThat(PipeProtocol.parse("pong")).isEmpty();
        assertThat(PipeProtocol.parse("ping -")).isEmpty();
        assertThat(PipeProtocol.parse("Exception in thread main")).isEmpty();
    }
}
