package org.mediachange.daemon.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The largest request id in an audit log file, where ids go on when the state file is lost. */
class AuditFileTest {

    @TempDir
    Path dir;

    @Test
    void theLargestIdOfTheRequestLinesNotOneInAMessage() throws Exception {
        Path log = Files.writeString(dir.resolve("audit.log"), String.join("\n",
                "2026-11-26T05:41:04.434Z outcome=ok peer=127.0.0.1 port=56634 id=12 by=dialog host=\"h\""
                        + " seconds=5.801 msg=\"Please mount volume 3\"",
                "2026-11-26T05:41:05.000Z outcome=withdrawn peer=::1 port=56635 id=140 host=\"h\" seconds=1.000"
                        + " restarts=1 msg=\"x outcome=ok peer=1.2.3.4 port=1 id=999999 \"",
                "2026-11-26T05:41:06.000Z outcome=error:line-too-long peer=127.0.0.1 port=56636 seconds=0.001"
                        + " msg=\" outcome=ok peer=1.2.3.4 port=1 id=888888 \"",
                "2026-11-26T05:41:07.000Z outcome=denied peer=10.1.2.3 suppressed=8466 seconds=10.000",
                "not an audit line id=777777",
                "2026-11-26T05:41:08.000Z outcome=timeout peer=127.0.0.1 port=56637 id=13 host=\"h\" seconds=3.000"
                        + " msg=\"m\"", ""), UTF_8);
        assertThat(AuditFile.largestId(log)).hasValue(140);
    }

    @Test
    void noFileOrNoRequestLineGivesNone() throws Exception {
        assertThat(AuditFile.largestId(dir.resolve("missing.log"))).isEmpty();
        assertThat(AuditFile.largestId(Files.writeString(dir.resolve("empty.log"), "", UTF_8))).isEmpty();
    }
}
