package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.testing.RequiresDisplay;

/**
 * The tarball and the two .debs as an admin gets them: unpacked with tar and
 * dpkg-deb into a temporary directory (never installed on this machine), both
 * programs run from there through their installed launchers, a full request
 * answered with xdotool, the installed logging writing the audit file, the
 * man pages rendered by man, the completion scripts loaded by bash, and the
 * systemd units checked by systemd-analyze.
 */
@ExtendWith({OutsideExtension.class, RequiresDisplay.class, RequiresTools.class, RequiresPackageTools.class})
@Timeout(180)
class PackagesIT {

    private static final Pattern LONG_OPTION = Pattern.compile("(?m)^\\s+(?:-\\w, )?--([a-z][a-z0-9-]*)");

    private Outside outside;
    private Path work;

    @BeforeEach
    void setUp(Outside outside) {
        this.outside = outside;
        this.work = outside.work();
    }

    @Test
    void tarballHasTheLayoutAndBothProgramsServeARequestWithTheDefaultHost() throws Exception {
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        for (String f : List.of("bin/mediachangec", "bin/mediachanged", "lib/mediachange-client.jar",
                "lib/mediachange-daemon.jar", "lib/picocli.jar", "lib/logback-classic.jar", "lib/gson.jar",
                "etc/mediachangec.properties", "etc/mediachanged.properties", "etc/logback.xml",
                "share/man/man1/mediachangec.1", "share/man/man8/mediachanged.8",
                "share/bash-completion/completions/mediachangec", "share/bash-completion/completions/mediachanged",
                "share/mediachange/hooks/tar-new-volume", "share/mediachange/hooks/bacula-operator",
                "etc/bacula-operator.conf", "share/mediachange/amanda/Amanda/Interactivity/mediachange.pm",
                "share/mediachange/notify/ntfy",
                "share/mediachange/notify/mail", "share/mediachange/notify/webhook", "share/mediachange/notify/desktop",
                "share/mediachange/systemd/mediachanged.service",
                "share/mediachange/init.d/mediachanged", "share/doc/mediachange/OPERATIONS.md")) {
            assertThat(top.resolve(f)).as(f).isRegularFile();
        }
        assertThat(top.resolve("bin/mediachangec")).isExecutable();
        assertThat(top.resolve("share/mediachange/hooks/bacula-operator")).isExecutable();
        // The web console's accounts: the daemon refuses them unless private.
        assertThat(Files.getPosixFilePermissions(top.resolve("etc/operators")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(top.resolve("share/mediachange/notify/ntfy")).isExecutable();
        assertVersions(top.resolve("bin/mediachangec"), top.resolve("bin/mediachanged"));

        // The installed logback.xml puts audit.log in $LOGS_DIRECTORY, as systemd's LogsDirectory= sets it.
        Path logs = work.resolve("logs");
        try (Outside.Daemon d = outside.daemon(top.resolve("bin/mediachanged"),
                Map.of("LOGS_DIRECTORY", logs.toString()), "--allow", "127.0.0.0/8")) {
            Files.writeString(top.resolve("etc/mediachangec.properties"),
                    "host=127.0.0.1\nport=" + d.port() + "\n", UTF_8);
            try (Launched c = outside.start(List.of(top.resolve("bin/mediachangec").toString(),
                    "Please mount volume 7"))) {
                String dialog = outside.awaitDialog();
                assertNoPerformanceDataFiles(d.process().process().toHandle());
                assertDialogClassPath(d.process().process().toHandle(), top.resolve("lib"));
                outside.press(dialog, "Return");
                assertThat(c.exitCode(20)).isZero();
                assertThat(c.stdout()).isEqualTo("Ok\n");
            }
            d.process().awaitStdout("outcome=ok ", 10);
            assertThat(Files.readString(logs.resolve("audit.log"), UTF_8))
                    .contains("outcome=ok peer=127.0.0.1").contains("msg=\"Please mount volume 7\"");
        }
    }

    @Test
    void tarballDaemonWithoutAWritableLogDirectorySaysSoInOneLineAndGoesOn() throws Exception {
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        // A directory that cannot be made, even by root: its parent is a plain file.
        Path logs = Files.writeString(work.resolve("plain-file"), "x").resolve("logs");
        try (Outside.Daemon d = outside.daemon(top.resolve("bin/mediachanged"),
                Map.of("MEDIACHANGE_JAVA_OPTS", "-Dmediachange.logdir=" + logs), "--bind", "127.0.0.1",
                "--allow", "10.0.0.0/8")) {
            assertThat(d.process().stderr()).isEqualTo("mediachanged: cannot write audit.log in " + logs
                    + " (Not a directory); its lines go to standard output only. Choose another directory with"
                    + " -Dmediachange.logdir=DIR in MEDIACHANGE_JAVA_OPTS\n");
            // It goes on: a request is answered, and its audit line reaches standard output.
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", d.port())) {
                s.getOutputStream().write("let me in\n".getBytes(UTF_8));
                assertThat(new String(s.getInputStream().readAllBytes(), UTF_8)).isEqualTo("Denied\n");
            }
            d.process().awaitStdout("outcome=denied peer=127.0.0.1", 10);
            assertThat(d.process().stdout()).doesNotContain("logback").doesNotContain("\tat ");
        }
    }

    @Test
    void debsHaveTheirMetadataAndBothProgramsServeARequestFromTheUnpackedRoot() throws Exception {
        assertThat(field(Artifacts.clientDeb(), "Depends"))
                .isEqualTo("default-jre-headless (>= 2:1.17) | java17-runtime-headless");
        assertThat(field(Artifacts.daemonDeb(), "Depends")).isEqualTo("mediachange-client (= " + Artifacts.VERSION
                + "), default-jre (>= 2:1.17) | java17-runtime, adduser");
        assertThat(conffiles(Artifacts.clientDeb())).containsExactly("/etc/mediachange/mediachangec.properties",
                "/etc/mediachange/mediachangectl.properties", "/etc/mediachange/bacula-operator.conf");
        assertThat(conffiles(Artifacts.daemonDeb())).containsExactlyInAnyOrder(
                "/etc/mediachange/mediachanged.properties", "/etc/mediachange/logback.xml",
                "/etc/mediachange/operators",
                "/etc/default/mediachanged", "/etc/init.d/mediachanged", "/etc/logrotate.d/mediachanged");

        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        for (String f : List.of("usr/share/mediachange/lib/mediachange-client.jar",
                "usr/share/mediachange/lib/mediachange-daemon.jar", "usr/share/man/man1/mediachangec.1",
                "usr/share/man/man8/mediachanged.8", "usr/share/bash-completion/completions/mediachangec",
                "usr/lib/systemd/system/mediachanged.service", "usr/lib/systemd/user/mediachanged.service",
                "etc/init.d/mediachanged", "etc/default/mediachanged", "usr/share/mediachange/hooks/tar-new-volume",
                "usr/share/mediachange/notify/mail", "usr/share/mediachange/notify/ntfy",
                "usr/share/mediachange/notify/webhook", "usr/share/mediachange/notify/desktop",
                "usr/share/mediachange/hooks/bacula-operator", "etc/mediachange/bacula-operator.conf",
                "usr/share/mediachange/amanda/Amanda/Interactivity/mediachange.pm")) {
            assertThat(root.resolve(f)).as(f).isRegularFile();
        }
        // Amanda's Perl finds the interactivity module through this link (usr/share/perl5 is in @INC).
        Path amandaLink = root.resolve("usr/share/perl5/Amanda/Interactivity/mediachange.pm");
        assertThat(Files.readSymbolicLink(amandaLink).toString())
                .isEqualTo("../../../mediachange/amanda/Amanda/Interactivity/mediachange.pm");
        assertThat(amandaLink.toRealPath())
                .isEqualTo(root.resolve("usr/share/mediachange/amanda/Amanda/Interactivity/mediachange.pm").toRealPath());
        assertThat(Files.getPosixFilePermissions(root.resolve("etc/mediachange/operators")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(root.resolve("usr/share/mediachange/lib/gson.jar")).isRegularFile();
        // /metrics (the Prometheus Java client) and sd_notify (JNA), the daemon's; the monitoring examples.
        for (String jar : List.of("prometheus-metrics-core.jar", "prometheus-metrics-model.jar",
                "prometheus-metrics-exposition-textformats.jar", "jna.jar")) {
            assertThat(root.resolve("usr/share/mediachange/lib/" + jar)).as(jar).isRegularFile();
        }
        for (String doc : List.of("mediachange-rules.yml", "mediachange-rules.test.yml", "mediachange-dashboard.json")) {
            assertThat(root.resolve("usr/share/doc/mediachange-client/monitoring/" + doc)).as(doc).isRegularFile();
        }
        assertThat(root.resolve("usr/share/mediachange/notify/mail")).isExecutable();
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/mediachangec")).toString())
                .isEqualTo("../share/mediachange/bin/mediachangec");
        Path client = root.resolve("usr/bin/mediachangec");
        Path daemon = root.resolve("usr/bin/mediachanged");
        assertVersions(client, daemon);

        Path logs = work.resolve("logs");
        try (Outside.Daemon d = outside.daemon(daemon,
                Map.of("MEDIACHANGE_JAVA_OPTS", "-Dmediachange.logdir=" + logs), "--allow", "127.0.0.1");
                Launched c = outside.start(List.of(client.toString(), "-p", Integer.toString(d.port()),
                        "127.0.0.1", "Insert", "tape", "B"))) {
            outside.answer("Escape");
            assertThat(c.exitCode(20)).isEqualTo(1);
            assertThat(c.stdout()).isEqualTo("Cancel\n");
            d.process().awaitStdout("outcome=cancel ", 10);
            assertThat(Files.readString(logs.resolve("audit.log"), UTF_8)).contains("outcome=cancel")
                    .contains("msg=\"Insert tape B\"");
        }
    }

    @Test
    void manPagesRenderWithEverySection() throws Exception {
        Path top = Artifacts.unpackTarball(outside, work);
        for (String page : List.of("man1/mediachangec.1", "man8/mediachanged.8")) {
            Outside.Ran man = outside.run(Map.of("MANWIDTH", "80", "LANG", "C.UTF-8", "MAN_KEEP_FORMATTING", ""),
                    List.of("man", "--warnings", "-l", top.resolve("share/man").resolve(page).toString()), 60);
            assertThat(man.code()).as(page).isZero();
            assertThat(man.err()).as("groff warnings for " + page).isEmpty();
            // Section headings are on lines of their own at the left margin.
            for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT CODES", "CONFIGURATION",
                    "FILES", "ENVIRONMENT", "EXAMPLES", "SEE ALSO")) {
                assertThat(man.out()).as(page).containsPattern("(?m)^" + section + "$");
            }
            assertThat(man.out()).as(page).contains("--help").contains("--port=PORT");
            // No asciidoc markup left over, and no path that exists only in a checkout.
            assertThat(man.out()).as(page).doesNotContain("*").doesNotContain("docs/");
            // CONFIGURATION names every key of the shipped file.
            String program = page.substring(page.indexOf('/') + 1, page.lastIndexOf('.'));
            String configuration = man.out().substring(man.out().indexOf("\nCONFIGURATION\n"),
                    man.out().indexOf("\nFILES\n"));
            for (String key : shippedKeys(top.resolve("etc").resolve(program + ".properties"))) {
                assertThat(configuration).as(page + " CONFIGURATION lists " + key).containsPattern("\\b" + key
                        + "[,.]");
            }
        }
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        assertThat(root.resolve("usr/share/man/man8/mediachanged.8"))
                .hasSameBinaryContentAs(top.resolve("share/man/man8/mediachanged.8"));
    }

    @Test
    void completionScriptsLoadInBashAndCompleteOptions() throws Exception {
        Path top = Artifacts.unpackTarball(outside, work);
        for (String[] c : new String[][] {{"mediachangec", "--ret", "--retry-for"},
            {"mediachanged", "--bell", "--bell-interval"}}) {
            Path script = top.resolve("share/bash-completion/completions").resolve(c[0]);
            String out = outside.runOk("bash", "-c", "source \"$1\" && complete -p " + c[0]
                    + " && COMP_WORDS=(" + c[0] + " " + c[1] + ") && COMP_CWORD=1 && COMP_LINE=\"" + c[0] + " "
                    + c[1] + "\" && COMP_POINT=${#COMP_LINE} && "
                    + "f=$(complete -p " + c[0] + " | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p') && $f && "
                    + "printf 'reply:%s\\n' \"${COMPREPLY[@]}\"", "bash", script.toString());
            assertThat(out).as(c[0]).containsPattern("complete .*-F _complete_" + c[0] + " " + c[0] + "\n")
                    .contains("reply:" + c[2]);
        }
    }

    @Test
    void systemdUnitsPassSystemdAnalyzeVerify() throws Exception {
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        // The system unit is checked in place, under --root: the unpacked packages plus this
        // machine's own units (the targets it refers to); man finds its page there too.
        outside.runOk("cp", "-rn", "/usr/lib/systemd/system/.", root.resolve("usr/lib/systemd/system").toString());
        // ...and the one system command it runs besides the daemon (ExecStartPre=+chown), which verify looks for there.
        outside.runOk("cp", "-n", "/usr/bin/chown", root.resolve("usr/bin").toString());
        Outside.Ran system = outside.run(Map.of("MANPATH", root.resolve("usr/share/man").toString()),
                List.of("systemd-analyze", "--root=" + root, "verify", "usr/lib/systemd/system/mediachanged.service"),
                60);
        assertThat(system.code()).as(system.err()).isZero();
        assertThat(system.err() + system.out()).isEmpty();

        // systemd-analyze takes no --root for user units, so this copy differs only in where
        // ExecStart's program is: in the unpacked root rather than /usr/bin.
        Path userUnit = root.resolve("usr/lib/systemd/user/mediachanged.service");
        String text = Files.readString(userUnit, UTF_8);
        assertThat(text).contains("ExecStart=/usr/bin/mediachanged ");
        Path copy = Files.createDirectories(work.resolve("user")).resolve("mediachanged.service");
        Files.writeString(copy, text.replace("ExecStart=/usr/bin/mediachanged ",
                "ExecStart=" + root.resolve("usr/bin/mediachanged") + " "), UTF_8);
        Path runtime = Files.createDirectories(work.resolve("xdg"));
        Outside.Ran user = outside.run(Map.of("MANPATH", root.resolve("usr/share/man").toString(),
                "XDG_RUNTIME_DIR", runtime.toString()), List.of("systemd-analyze", "--user", "verify", copy.toString()),
                60);
        assertThat(user.code()).as(user.err()).isZero();
        assertThat(user.err() + user.out()).isEmpty();
    }

    @Test
    void theUnpackedTarballServesTheWebConsoleWithAnOperatorAddedByItsOwnCommand() throws Exception {
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        Path operators = top.resolve("etc/operators");
        Path input = work.resolve("password.txt");
        Files.writeString(input, "tarball password\n", UTF_8);
        Outside.Ran set = outside.run(Map.of(), List.of("sh", "-c", "exec \"$0\" --set-password bob < \"$1\"",
                top.resolve("bin/mediachanged").toString(), input.toString()), 60);
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("mediachanged: added operator bob in " + operators + "\n");
        assertThat(Files.readString(operators, UTF_8)).startsWith("# /etc/mediachange/operators")
                .containsPattern("(?m)^bob:pbkdf2_sha256\\$600000\\$");
        Map<String, String> noDisplay = new java.util.HashMap<>();
        noDisplay.put("DISPLAY", null);
        noDisplay.put("LOGS_DIRECTORY", work.resolve("logs").toString());
        try (Outside.Daemon d = outside.daemon(top.resolve("bin/mediachanged"), noDisplay, "--dialog", "none",
                "--web", "127.0.0.1:0", "--allow", "127.0.0.0/8")) {
            String url = WebSetup.url(d.process());
            assertThat(new Api(url, "bob", "tarball password").requests().toString())
                    .isEqualTo("{\"pending\":[],\"recent\":[]}");
        }
    }

    @Test
    void shippedConfigurationFilesNameEveryOptionAndTheirExampleValuesAreValid() throws Exception {
        Path top = Artifacts.unpackTarball(outside, work);
        for (String program : List.of("mediachanged", "mediachangec")) {
            Path shipped = top.resolve("etc").resolve(program + ".properties");
            List<String> lines = Files.readAllLines(shipped, UTF_8);
            assertThat(lines).as("shipped " + program + ".properties sets nothing")
                    .allMatch(l -> l.isBlank() || l.startsWith("#"));
            // Uncommented, every example line must still be accepted by the program itself.
            List<String> settings = new ArrayList<>();
            Set<String> keys = new TreeSet<>();
            for (String l : lines) {
                Matcher m = Pattern.compile("^#([a-z][a-z0-9-]*)=(.*)$").matcher(l);
                if (m.matches()) {
                    settings.add(m.group(1) + "=" + m.group(2));
                    keys.add(m.group(1));
                }
            }
            Files.write(shipped, settings, UTF_8);
            Outside.Ran help = outside.run(Map.of(), List.of(top.resolve("bin").resolve(program).toString(), "--help"),
                    60);
            assertThat(help.code()).as(program + " --help with every example value: " + help.err()).isZero();
            Set<String> options = new TreeSet<>();
            Matcher m = LONG_OPTION.matcher(help.out());
            while (m.find()) {
                options.add(m.group(1));
            }
            // set-password (a command; its alias --set-password is in the command list) and check-config are
            // things to do, not settings: the daemon refuses them from a file.
            options.removeAll(Set.of("help", "version", "config", "set-password", "check-config"));
            if (program.equals("mediachangec")) {
                options.add("host");
            }
            assertThat(keys).as("keys in " + program + ".properties (add new options there)").isEqualTo(options);
        }
    }

    @Test
    void helpPointsToTheProtocolWhereItIsInstalled() throws Exception {
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        Path root = Artifacts.unpackDebs(outside, Files.createDirectory(work.resolve("root")));
        for (Path daemon : List.of(top.resolve("bin/mediachanged"), root.resolve("usr/bin/mediachanged"))) {
            Outside.Ran help = outside.run(Map.of("COLUMNS", "300"), List.of(daemon.toString(), "--help"), 60);
            Matcher m = Pattern.compile("see PROTOCOL\\.md in (\\S+)\\)").matcher(help.out());
            assertThat(m.find()).as(help.out()).isTrue();
            assertThat(Path.of(m.group(1)).resolve("PROTOCOL.md")).as(daemon + " --help").isRegularFile();
        }
    }

    /**
     * Neither {@code daemon}'s JVM nor the dialog JVM it started writes /tmp/hsperfdata_USER/PID,
     * which a purge could not remove. This test's own JVM has one, so the check can fail.
     */
    private static void assertNoPerformanceDataFiles(ProcessHandle daemon) {
        Path dir = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"));
        assertThat(dir.resolve(Long.toString(ProcessHandle.current().pid()))).as("this JVM's own").exists();
        List<ProcessHandle> jvms = new ArrayList<>(List.of(daemon));
        daemon.descendants().filter(p -> p.info().command().orElse("").endsWith("/java")).forEach(jvms::add);
        assertThat(jvms).as("the daemon and its dialog process").hasSizeGreaterThanOrEqualTo(2);
        for (ProcessHandle jvm : jvms) {
            assertThat(dir.resolve(Long.toString(jvm.pid()))).as(jvm.info().commandLine().orElse("")).doesNotExist();
        }
    }

    /**
     * The dialog process that showed the dialog runs with only the jars its classes come from, not
     * the 18 the daemon runs with (each one is opened when the X toolkit looks up a service).
     */
    private static void assertDialogClassPath(ProcessHandle daemon, Path lib) throws Exception {
        ProcessHandle dialogs = daemon.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("PromptHostMain")).findFirst()
                .orElseThrow(() -> new AssertionError("no dialog process under the daemon " + daemon.pid()));
        List<String> args = List.of(Files.readString(Path.of("/proc", Long.toString(dialogs.pid()), "cmdline"),
                UTF_8).split("\0"));
        String classPath = args.get(args.indexOf("-cp") + 1);
        assertThat(List.of(classPath.split(":"))).as(classPath).containsExactlyInAnyOrder(
                lib.resolve("mediachange-daemon.jar").toString(), lib.resolve("mediachange-common.jar").toString(),
                lib.resolve("slf4j-api.jar").toString());
    }

    private static Set<String> shippedKeys(Path properties) throws Exception {
        Set<String> keys = new TreeSet<>();
        for (String l : Files.readAllLines(properties, UTF_8)) {
            Matcher m = Pattern.compile("^#([a-z][a-z0-9-]*)=").matcher(l);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        assertThat(keys).as("keys in " + properties).isNotEmpty();
        return keys;
    }

    private void assertVersions(Path client, Path daemon) throws Exception {
        assertThat(outside.runOk(client.toString(), "--version")).startsWith("mediachangec " + Artifacts.VERSION);
        assertThat(outside.runOk(daemon.toString(), "--version")).startsWith("mediachanged " + Artifacts.VERSION);
    }

    private String field(Path deb, String name) throws Exception {
        return outside.runOk("dpkg-deb", "-f", deb.toString(), name).strip();
    }

    private List<String> conffiles(Path deb) throws Exception {
        Path control = work.resolve("control-" + deb.getFileName());
        outside.runOk("dpkg-deb", "-e", deb.toString(), control.toString());
        return Files.readAllLines(control.resolve("conffiles"), UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }
}
