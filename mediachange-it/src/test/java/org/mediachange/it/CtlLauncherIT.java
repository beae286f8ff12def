package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * scripts/mediachangectl from the outside, from a scratch directory, against
 * a small console of the test's own: the launcher finds its jars (Gson
 * included), keeps UTF-8 under LANG=C, exits with the documented codes, and a
 * watch ends with 0 on SIGINT and SIGTERM. The real daemon: {@link CtlEndToEndIT}.
 */
@ExtendWith({OutsideExtension.class, RequiresTools.class, RequiresTerminal.class})
@Timeout(120)
class CtlLauncherIT {

    private Outside outside;
    private Path work;

    @BeforeEach
    void setUp(Outside outside) {
        this.outside = outside;
        this.work = outside.work();
    }

    /** The environment of an operator with the right password, without the user's own configuration. */
    private Map<String, String> operator() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", work.toString());
        env.put("USER", TinyConsole.OPERATOR);
        env.put("MEDIACHANGE_PASSWORD", TinyConsole.PASSWORD);
        return env;
    }

    private List<String> ctl(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(outside.script("mediachangectl").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void versionAndHelp() throws Exception {
        assertThat(outside.runOk(outside.script("mediachangectl").toString(), "--version"))
                .startsWith("mediachangectl " + Artifacts.VERSION + "\n");
        assertThat(outside.runOk(outside.script("mediachangectl").toString(), "watch", "--help"))
                .contains("--retry-for=DURATION").contains("Exit codes:");
    }

    @Test
    void listPrintsTheRequestInUtf8EvenUnderLangC() throws Exception {
        Map<String, String> env = operator();
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        try (TinyConsole console = new TinyConsole("Bänd 3 – テープ")) {
            Outside.Ran run = outside.run(env, ctl("list", "--url", console.url()), 60);
            assertThat(run.err()).isEmpty();
            assertThat(run.code()).isZero();
            assertThat(run.out()).matches("7  pending  \\S+  backup1 \\(192\\.168\\.1\\.5\\)  Bänd 3 – テープ\n");
        }
    }

    @Test
    void exitCodesForAWrongPasswordAndNoConsole() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Outside.Ran none = outside.run(operator(), ctl("ok", "--url", "http://127.0.0.1:" + closed, "7"), 60);
        assertThat(none.code()).isEqualTo(5);
        assertThat(none.err()).isEqualTo("mediachangectl: cannot reach the web console at http://127.0.0.1:" + closed
                + "/: connection refused\n");
        try (TinyConsole console = new TinyConsole("m")) {
            Map<String, String> env = operator();
            env.put("MEDIACHANGE_PASSWORD", "wrong");
            Outside.Ran wrong = outside.run(env, ctl("list", "--url", console.url()), 60);
            assertThat(wrong.code()).isEqualTo(4);
            assertThat(wrong.err()).isEqualTo("mediachangectl: login as alice at " + console.url()
                    + "/ failed: wrong name or password\n");
        }
    }

    @Test
    void watchEndsWithZeroOnSigintAndOnSigterm() throws Exception {
        try (TinyConsole console = new TinyConsole("Please mount volume 3")) {
            for (String signal : List.of("INT", "TERM")) {
                // Through perl, which gives SIGINT its default action back: a test run in the
                // background of a shell may have it ignored, and an ignored SIGINT stays ignored.
                List<String> cmd = new java.util.ArrayList<>(List.of("perl", "-e",
                        "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\""));
                cmd.addAll(ctl("watch", "--url", console.url()));
                Map<String, String> env = operator();
                env.put("TZ", "UTC");
                try (Launched watch = outside.start(env, cmd)) {
                    watch.awaitStdout("7  pending  backup1 (192.168.1.5)  Please mount volume 3\n", 30);
                    outside.runOk("kill", "-" + signal, Long.toString(watch.process().pid()));
                    assertThat(watch.exitCode(20)).as("exit code after SIG" + signal).isZero();
                    assertThat(watch.stdout()).isEqualTo("01:02:03  7  pending  backup1 (192.168.1.5)"
                            + "  Please mount volume 3\n");
                    assertThat(watch.stderr()).isEmpty();
                }
            }
        }
    }

    @Test
    void withoutAnyOtherSourceThePasswordIsAskedOnTheTerminal() throws Exception {
        Map<String, String> env = operator();
        env.put("MEDIACHANGE_PASSWORD", null); // removed, even if the test run has it
        env.put("PW", TinyConsole.PASSWORD);
        try (TinyConsole console = new TinyConsole("asked for")) {
            // script gives the launcher a terminal; the password is typed into it.
            Outside.Ran run = outside.run(env, List.of("sh", "-c",
                    "printf '%s\\n' \"$PW\" | script -qec \"$0 list --url $1\" /dev/null",
                    outside.script("mediachangectl").toString(), console.url()), 60);
            assertThat(run.code()).as(run.out()).isZero();
            assertThat(run.out()).contains("Password for alice at " + console.url() + "/: ")
                    .contains("7  pending  ").contains("  asked for");
        }
    }
}
