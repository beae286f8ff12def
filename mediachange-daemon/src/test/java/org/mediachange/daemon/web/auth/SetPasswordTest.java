package org.mediachange.daemon.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mediachanged --set-password NAME} with the password on standard input (not a terminal). */
class SetPasswordTest {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Path file, String name, String stdin) {
        return SetPassword.run(file, name, null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void addsThenChangesAnOperatorFromStandardInput() throws Exception {
        Path f = dir.resolve("operators");
        assertThat(run(f, "alice", "first secret\n")).isEqualTo(SetPassword.OK);
        assertThat(out.toString()).isEqualTo("mediachanged: added operator alice in " + f + System.lineSeparator());
        assertThat(run(f, "alice", "second secret\n")).isEqualTo(SetPassword.OK);
        assertThat(out.toString()).contains("changed the password of alice");
        PasswordHash h = OperatorsFile.read(f).get("alice").hash();
        assertThat(h.matches("second secret".toCharArray())).isTrue();
        assertThat(h.matches("first secret".toCharArray())).isFalse();
        assertThat(Files.readString(f)).doesNotContain("secret");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void anEmptyPasswordOrABadNameChangesNothing() {
        Path f = dir.resolve("operators");
        assertThat(run(f, "alice", "\n")).isEqualTo(SetPassword.FAILED);
        assertThat(run(f, "alice", "")).isEqualTo(SetPassword.FAILED);
        assertThat(run(f, "al:ice", "pw\n")).isEqualTo(SetPassword.FAILED);
        assertThat(err.toString()).contains("the password is empty", "no password on standard input",
                "'al:ice' is not a valid operator name");
        assertThat(Files.exists(f)).isFalse();
    }
}
