package org.mediachange.client.ctl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who logs in, with which password from which source, and where the
 * password may go: wrong credentials exit 4, a missing or badly kept
 * password exits 2 before anything is sent, and plain http goes only to
 * loopback.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(StandInConsoles.class)
class LoginTest {

    @TempDir
    Path dir;

    /** Started before each test and closed after it ({@link StandInConsoles}). */
    private StandInConsole console;
    private final Ctl ctl = new Ctl();

    private Path file(String name, String content, String perms) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    private String loggedInAs() {
        String auth = console.seen().get(console.seen().size() - 1).authorization();
        return new String(Base64.getDecoder().decode(auth.substring("Basic ".length())), UTF_8);
    }

    @Test
    void aWrongPasswordExitsFour() {
        ctl.env.put(PasswordSource.ENV, "not the password");
        assertThat(ctl.run("list", "--url", console.url())).isEqualTo(new Ctl.Run(4, "",
                "mediachangectl: login as alice at " + console.url() + "/ failed: wrong name or password\n"));
    }

    @Test
    void anUnknownOperatorExitsFour() {
        assertThat(ctl.run("ok", "--url", console.url(), "--operator", "mallory", "1")).isEqualTo(new Ctl.Run(4, "",
                "mediachangectl: login as mallory at " + console.url() + "/ failed: wrong name or password\n"));
    }

    @Test
    void theOperatorIsUserUnlessGiven() {
        ctl.env.put(PasswordSource.ENV, StandInConsole.OTHER_PASSWORD);
        assertThat(ctl.run("list", "--url", console.url(), "--operator", StandInConsole.OTHER_OPERATOR).exitCode())
                .isZero();
        assertThat(loggedInAs()).isEqualTo("bob:" + StandInConsole.OTHER_PASSWORD);
        ctl.env.put(PasswordSource.ENV, StandInConsole.PASSWORD);
        assertThat(ctl.run("list", "--url", console.url()).exitCode()).isZero();
        assertThat(loggedInAs()).isEqualTo("alice:" + StandInConsole.PASSWORD);
    }

    @Test
    void withoutAnyPasswordSourceItIsAUsageErrorAndNothingIsSent() {
        ctl.env.remove(PasswordSource.ENV);
        Ctl.Run run = ctl.run("list", "--url", console.url());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("mediachangectl: no password: set MEDIACHANGE_PASSWORD, give"
                + " --password-file FILE (or password-file= in ~/.mediachangectl.properties), or run it on a terminal"
                + " to be asked (see 'mediachangectl list --help')\n");
        assertThat(console.seen()).isEmpty();
    }

    @Test
    void aPrivatePasswordFileIsReadItsFirstLineWithoutTheLineEnd() throws Exception {
        ctl.env.remove(PasswordSource.ENV);
        Path pw = file("pw", StandInConsole.PASSWORD + "\r\nsecond line\n", "rw-------");
        assertThat(ctl.run("list", "--url", console.url(), "--password-file", pw.toString()).exitCode()).isZero();
        assertThat(loggedInAs()).isEqualTo("alice:" + StandInConsole.PASSWORD);
    }

    @Test
    void aPasswordFileOthersMayReadIsRefusedAndNothingIsSent() throws Exception {
        String[][] cases = {{"rw-r-----", "0640: group may read it"}, {"rw----r--", "0604: others may read it"},
            {"rw--w----", "0620: group may write it"}};
        for (String[] c : cases) {
            Path pw = file("pw-" + c[0], StandInConsole.PASSWORD + "\n", c[0]);
            Ctl.Run run = ctl.run("list", "--url", console.url(), "--password-file", pw.toString());
            assertThat(run).as(c[0]).isEqualTo(new Ctl.Run(2, "", "mediachangectl: password file " + pw
                    + " has mode " + c[1] + "; run chmod 600 " + pw + " (see 'mediachangectl list --help')\n"));
        }
        assertThat(console.seen()).isEmpty();
    }

    @Test
    void aMissingOrEmptyPasswordFileIsAUsageError() throws Exception {
        Path missing = dir.resolve("nothing-here");
        assertThat(ctl.run("list", "--url", console.url(), "--password-file", missing.toString()).err())
                .isEqualTo("mediachangectl: password file " + missing + " does not exist or is not a file"
                        + " (see 'mediachangectl list --help')\n");
        Path empty = file("empty", "\n", "rw-------");
        Ctl.Run run = ctl.run("list", "--url", console.url(), "--password-file", empty.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("password file " + empty + " is empty");
        assertThat(console.seen()).isEmpty();
    }

    @Test
    void passwordSourcesInOrderCommandLineFileEnvironmentConfiguredFileTerminal() throws Exception {
        // Each source holds a different operator's password; the login shows which one was used.
        Path alicesFile = file("alice-pw", StandInConsole.PASSWORD + "\n", "rw-------");
        Path bobsFile = file("bob-pw", StandInConsole.OTHER_PASSWORD + "\n", "rw-------");
        Path config = file("mediachangectl.properties", "url=" + console.url() + "\npassword-file=" + bobsFile
                + "\noperator=bob\n", "rw-r--r--");
        ctl.configFiles = List.of(config);
        List<String> asked = new ArrayList<>();
        ctl.prompt = prompt -> {
            asked.add(prompt);
            return StandInConsole.OTHER_PASSWORD.toCharArray();
        };

        // The command line's file beats the environment ...
        ctl.env.put(PasswordSource.ENV, "wrong");
        assertThat(ctl.run("list", "--operator", "alice", "--password-file", alicesFile.toString()).exitCode())
                .isZero();
        assertThat(loggedInAs()).isEqualTo("alice:" + StandInConsole.PASSWORD);
        // ... the environment beats the configured file ...
        ctl.env.put(PasswordSource.ENV, StandInConsole.PASSWORD);
        assertThat(ctl.run("list", "--operator", "alice").exitCode()).isZero();
        assertThat(loggedInAs()).isEqualTo("alice:" + StandInConsole.PASSWORD);
        // ... the configured file is used without either ...
        ctl.env.remove(PasswordSource.ENV);
        assertThat(ctl.run("list").exitCode()).isZero();
        assertThat(loggedInAs()).isEqualTo("bob:" + StandInConsole.OTHER_PASSWORD);
        assertThat(asked).isEmpty();
        // ... and the terminal comes last.
        Files.writeString(config, "url=" + console.url() + "\noperator=bob\n", UTF_8);
        assertThat(ctl.run("list").exitCode()).isZero();
        assertThat(loggedInAs()).isEqualTo("bob:" + StandInConsole.OTHER_PASSWORD);
        assertThat(asked).containsExactly("Password for bob at " + console.url() + "/: ");
    }

    @Test
    void plainHttpToAnotherHostIsRefusedBeforeConnecting() {
        // 192.0.2.1 is TEST-NET-1: nothing answers there, so exit 2 (not 5) shows no connection was tried.
        Ctl.Run run = ctl.run("list", "--url", "http://192.0.2.1:8980", "--connect-timeout", "30s");
        assertThat(run).isEqualTo(new Ctl.Run(2, "", "mediachangectl: refusing to send the password in clear text"
                + " to 192.0.2.1: use an https:// URL, or an SSH tunnel to the console's loopback address"
                + " (ssh -L 8980:127.0.0.1:8980 HOST, then --url http://127.0.0.1:8980)"
                + " (see 'mediachangectl list --help')\n"));
    }

    @Test
    void plainHttpToLocalhostIsAllowed() {
        assertThat(ctl.run("list", "--url", "http://localhost:" + console.port()).exitCode()).isZero();
    }

    @Test
    void badUrlsAreUsageErrors() {
        assertThat(ctl.run("list", "--url", "http://alice:secret@127.0.0.1:" + console.port()).err())
                .startsWith("mediachangectl: --url must not hold a name or password");
        assertThat(ctl.run("list", "--url", "ftp://127.0.0.1/").err())
                .startsWith("mediachangectl: --url must start with http:// or https://, not 'ftp://127.0.0.1/'");
        assertThat(ctl.run("list", "--url", "127.0.0.1:8980").exitCode()).isEqualTo(2);
        assertThat(ctl.run("list", "--url", "http://127.0.0.1:" + console.port() + "/?x=1").exitCode()).isEqualTo(2);
        assertThat(ctl.run("list", "--url", "http:// bad").exitCode()).isEqualTo(2);
        assertThat(ctl.run("list", "--url", console.url(), "--operator", "a:b").err())
                .startsWith("mediachangectl: --operator 'a:b': an operator name has no ':'");
        assertThat(console.seen()).isEmpty();
    }
}
