package org.mediachange.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.dialog.NoDisplayException;
import org.mediachange.daemon.web.auth.OperatorsFile;
import org.mediachange.daemon.web.auth.PasswordHash;
import picocli.CommandLine;

/**
 * {@code mediachanged set-password NAME} (and its old spelling {@code --set-password NAME}) with the password on
 * standard input (not a terminal), through the daemon's own command line.
 */
class SetPasswordCommandTest {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        return run(List.of(), stdin, args);
    }

    private int run(List<Path> configFiles, String stdin, String... args) {
        CommandLine cl = DaemonCommand.commandLine(bell -> {
            throw NoDisplayException.displayNotSet();
        }, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true),
                new PrintWriter(err, true));
        DaemonCommand.readConfigFiles(cl, configFiles);
        return cl.execute(args);
    }

    @Test
    void addsThenChangesAnOperatorFromStandardInput() throws Exception {
        Path f = dir.resolve("operators");
        assertThat(run("first secret\n", "set-password", "--operators", f.toString(), "alice"))
                .isEqualTo(ExitCode.OK.code());
        assertThat(out.toString()).isEqualTo("mediachanged: added operator alice in " + f + System.lineSeparator());
        assertThat(run("second secret\n", "--operators", f.toString(), "set-password", "alice"))
                .isEqualTo(ExitCode.OK.code());
        assertThat(out.toString()).contains("changed the password of alice");
        PasswordHash h = OperatorsFile.read(f).get("alice").hash();
        assertThat(h.matches("second secret".toCharArray())).isTrue();
        assertThat(h.matches("first secret".toCharArray())).isFalse();
        assertThat(Files.readString(f)).doesNotContain("secret");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theOldSpellingsStillWork() throws Exception {
        Path f = dir.resolve("operators");
        // As README, WEB.md, the man page and the shipped files showed it before it was a command.
        assertThat(run("one\n", "--operators", f.toString(), "--set-password", "alice")).isZero();
        assertThat(run("two\n", "--set-password", "bob", "--operators", f.toString())).isZero();
        // As --help showed the option: --set-password=NAME.
        assertThat(run("three\n", "--set-password=carol", "--operators", f.toString())).isZero();
        assertThat(OperatorsFile.read(f)).containsOnlyKeys("alice", "bob", "carol");
        assertThat(OperatorsFile.read(f).get("carol").hash().matches("three".toCharArray())).isTrue();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theOperatorsFileMayComeFromTheConfigurationFile() throws Exception {
        Path f = dir.resolve("ops");
        Path conf = dir.resolve("mediachanged.properties");
        Files.writeString(conf, "operators=" + f + "\n");
        assertThat(run(List.of(conf), "pw\n", "set-password", "alice")).isZero();
        assertThat(OperatorsFile.read(f)).containsOnlyKeys("alice");
        Path other = dir.resolve("other.properties");
        Files.writeString(other, "operators=" + dir.resolve("ops2") + "\n");
        assertThat(run(List.of(conf), "pw\n", "set-password", "--config", other.toString(), "bob")).isZero();
        assertThat(OperatorsFile.read(dir.resolve("ops2"))).containsOnlyKeys("bob");
    }

    @Test
    void anEmptyPasswordOrABadNameChangesNothingAndExitsOne() {
        Path f = dir.resolve("operators");
        String ops = f.toString();
        assertThat(run("\n", "set-password", "--operators", ops, "alice")).isEqualTo(ExitCode.FAILURE.code());
        assertThat(run("", "set-password", "--operators", ops, "alice")).isEqualTo(ExitCode.FAILURE.code());
        assertThat(run("pw\n", "set-password", "--operators", ops, "al:ice")).isEqualTo(ExitCode.FAILURE.code());
        assertThat(err.toString().lines().toList()).containsExactly(
                "mediachanged: the password is empty; nothing changed",
                "mediachanged: no password on standard input; nothing changed",
                "mediachanged: 'al:ice' is not a valid operator name: use 1-64 letters, digits and . _ @ - (starting"
                        + " with a letter or digit)");
        assertThat(Files.exists(f)).isFalse();
    }

    @Test
    void withoutANameItIsAUsageError() {
        assertThat(run("pw\n", "set-password", "--operators", dir.resolve("operators").toString()))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).isEqualTo("mediachanged: Missing required parameter: 'NAME' (see 'mediachanged"
                + " set-password --help')" + System.lineSeparator());
    }
}
