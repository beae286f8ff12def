package org.mediachange.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.common.cli.ConfigFile;
import picocli.CommandLine;

/**
 * The fast path must mean exactly what picocli means: for every command line
 * it accepts, with or without configuration files, picocli parses the same
 * request; it must also take the forms scripts use and the files installs
 * have (or it would be pointless), and a real run on that path must not load
 * a single picocli class (or it would not be fast).
 */
class QuickArgsTest {

    @TempDir
    Path dir;

    /** What picocli makes of {@code args}, or {@code null} where it reports an error or prints help. */
    private static QuickArgs.Parsed picocli(String... args) {
        return picocli(List.of(), args);
    }

    /** What picocli makes of {@code args} with defaults from {@code files}, installed as the client installs them. */
    private static QuickArgs.Parsed picocli(List<Path> files, String... args) {
        ClientCommand cmd = new ClientCommand(new ByteArrayInputStream(new byte[0]));
        CommandLine cl = new CommandLine(cmd);
        ClientCommand.readConfigFiles(cl, files);
        try {
            cl.parseArgs(args);
            if (cl.isUsageHelpRequested() || cl.isVersionHelpRequested()) {
                return null;
            }
            return new QuickArgs.Parsed(cmd.request(), cmd.quiet());
        } catch (CommandLine.ParameterException e) {
            return null;
        }
    }

    private static void assertAgrees(String... args) {
        QuickArgs.Parsed quick = QuickArgs.parse(args);
        if (quick != null) {
            assertThat(picocli(args)).as("picocli on %s", List.of(args)).isEqualTo(quick);
        }
    }

    /** What the fast path makes of {@code args} with {@code files}, as {@link Main#run} asks it. */
    private static QuickArgs.Parsed quick(List<Path> files, String... args) {
        try {
            return QuickArgs.parse(args, ConfigFile.readAll(files));
        } catch (ConfigFile.Problem e) {
            return null;
        }
    }

    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void takesTheFormsScriptsUse() {
        String[][] plain = {
            {"console", "Please", "mount", "volume", "3"},
            {"console", "Mount volume 3 of /dev/nst0 and press OK"},
            {"-p", "18979", "127.0.0.1", "msg"},
            {"--port", "18979", "127.0.0.1", "msg"},
            {"--port=18979", "127.0.0.1", "msg"},
            {"--timeout", "8h", "console", "Nightly backup: load tape set B"},
            {"--retry-for", "10m", "console", "Mount volume 2 of /dev/nst0 (create) and press OK"},
            {"--retry-for=10m", "--timeout=1h30m", "--connect-timeout", "500ms", "-q", "h", "m"},
            {"h", "m", "-q"},
            {"::1", "a\nb", "c\r\nd"},
            {"h", "", "x"},
        };
        for (String[] args : plain) {
            assertThat(QuickArgs.parse(args)).as("fast path for %s", List.of(args)).isNotNull();
            assertThat(picocli(args)).as("picocli for %s", List.of(args)).isEqualTo(QuickArgs.parse(args));
        }
        assertThat(QuickArgs.parse(new String[] {"--timeout", "8h", "-q", "console", "a b", "c"}))
                .isEqualTo(new QuickArgs.Parsed(new ClientRequest("console", 8979, "a b c",
                        java.time.Duration.ofSeconds(10), java.time.Duration.ofHours(8), java.time.Duration.ZERO),
                        true));
    }

    @Test
    void leavesEverythingElseToPicocli() {
        String[][] others = {
            {}, {"h"}, {"--help"}, {"-h"}, {"-V"}, {"--version"}, {"h", "-"}, {"-", "m"}, {"--", "h", "m"},
            {"@args.txt"}, {"h", "@m"}, {"-qp", "1", "h", "m"}, {"-p1", "h", "m"}, {"-p=1", "h", "m"},
            {"-p", "0", "h", "m"}, {"-p", "65536", "h", "m"}, {"-p", "0x1F", "h", "m"}, {"-p", "+80", "h", "m"},
            {"-p", "-5", "h", "m"}, {"--port=", "h", "m"}, {"-p", "1", "-p", "2", "h", "m"}, {"-q", "-q", "h", "m"},
            {"--timeout", "soon", "h", "m"}, {"--timeout", "1m30", "h", "m"}, {"--timeout"}, {"h", "m", "-p"},
            {"h", " ", "\n"}, {"h", "-x"}, {"--quiet=true", "h", "m"}, {"--Port", "1", "h", "m"}, {"h", "--", "m"},
        };
        for (String[] args : others) {
            assertThat(QuickArgs.parse(args)).as("fast path for %s", List.of(args)).isNull();
        }
    }

    @Test
    void agreesWithPicocliOnGeneratedCommandLines() {
        String[] tokens = {"-p", "--port", "--port=8979", "--port=1", "8979", "1", "0", "65535", "70000", "007",
            "-q", "--quiet", "--timeout", "--timeout=5s", "--retry-for", "--retry-for=0", "--connect-timeout",
            "--connect-timeout=1h30m", "5s", "0", "1h30m", "250ms", "1d", "2x", "", " ", "console", "127.0.0.1",
            "::1", "Mount", "volume 3", "a\nb", "\r\n", "-", "--", "-x", "@f", "h=1", "é", "\u202e", "--help"};
        Random random = new Random(42);
        int accepted = 0;
        for (int i = 0; i < 6_000; i++) {
            String[] args = new String[random.nextInt(7)];
            for (int k = 0; k < args.length; k++) {
                args[k] = tokens[random.nextInt(tokens.length)];
            }
            assertAgrees(args);
            if (QuickArgs.parse(args) != null) {
                accepted++;
            }
        }
        // Enough accepted lines for the agreement above to mean something.
        assertThat(accepted).isGreaterThan(300);
    }

    @Test
    void takesHostListsAndHostsWithPortsAsPicocliDoes() {
        String[][] plain = {
            {"console:18979", "msg"},
            {"[::1]:18979", "msg"},
            {"[::1]", "msg"},
            {"-p", "1", "ops,night:2,[2001:db8::7]:3,::1", "Load", "tape"},
            {"--timeout", "8h", "ops, night", "msg"},
            {"ops,OPS,ops:8979", "msg"},
        };
        for (String[] args : plain) {
            assertThat(QuickArgs.parse(args)).as("fast path for %s", List.of(args)).isNotNull();
            assertThat(picocli(args)).as("picocli for %s", List.of(args)).isEqualTo(QuickArgs.parse(args));
        }
        assertThat(QuickArgs.parse(new String[] {"-p", "1", "ops,night:2", "m"}).request().targets())
                .containsExactly(new Target("ops", 1), new Target("night", 2));
        // Refused hosts go to picocli, which explains them (HostListTest).
        String[][] refused = {{"", "m"}, {"a,,b", "m"}, {"ops:0", "m"}, {"ops:80:90", "m"}, {"[::1]x", "m"}};
        for (String[] args : refused) {
            assertThat(QuickArgs.parse(args)).as("fast path for %s", List.of(args)).isNull();
            assertThat(picocli(args)).as("picocli for %s", List.of(args)).isNull();
        }
    }

    @Test
    void agreesWithPicocliOnGeneratedHostLists() {
        String[] parts = {"ops", "night", "ops:1", "ops:8979", "[::1]", "[::1]:2", "::1", "1:2:3", "", " ", ":1",
            "ops:", "ops:0", "[ops]", "127.0.0.1:65535", "é", "a b"};
        String[] tokens = {"-p", "2", "--port=8979", "-q", "m", "Please mount"};
        Random random = new Random(11);
        int accepted = 0;
        for (int i = 0; i < 3_000; i++) {
            StringBuilder hosts = new StringBuilder(parts[random.nextInt(parts.length)]);
            for (int k = random.nextInt(4); k > 0; k--) {
                hosts.append(',').append(parts[random.nextInt(parts.length)]);
            }
            List<String> args = new ArrayList<>();
            for (int k = random.nextInt(3); k > 0; k--) {
                args.add(tokens[random.nextInt(tokens.length)]);
            }
            args.add(random.nextInt(args.size() + 1), hosts.toString());
            args.add("message");
            assertAgrees(args.toArray(String[]::new));
            if (QuickArgs.parse(args.toArray(String[]::new)) != null) {
                accepted++;
            }
        }
        // Enough accepted lines for the agreement above to mean something.
        assertThat(accepted).isGreaterThan(300);
    }

    @Test
    void takesTheFilesInstallsHave() throws Exception {
        // As shipped: every line a comment.
        Path shipped = file("shipped.properties", "# defaults\n#port=8979\n#host=console\n");
        Path user = file("user.properties", "host=console\nport=18979\n");
        Path all = file("all.properties", "host = backup1 \nport=1\nconnect-timeout=500ms\ntimeout=8h\n"
                + "retry-for=10m\nquiet=TRUE\n");
        Object[][] cases = {
            {List.of(shipped), new String[] {"-p", "18979", "127.0.0.1", "msg"}},
            {List.of(shipped, user), new String[] {"Please mount volume 3"}},
            {List.of(shipped, user), new String[] {"-q", "Please", "mount"}},
            {List.of(user), new String[] {"--timeout", "1h", "other", "a\nb"}},
            {List.of(all), new String[] {"m"}},
            {List.of(all, user), new String[] {"--port=2", "m"}},
            {List.of(dir.resolve("absent.properties"), user), new String[] {"m"}},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            List<Path> files = (List<Path>) c[0];
            String[] args = (String[]) c[1];
            assertThat(quick(files, args)).as("fast path for %s with %s", List.of(args), files).isNotNull();
            assertThat(picocli(files, args)).as("picocli for %s", List.of(args)).isEqualTo(quick(files, args));
        }
        assertThat(quick(List.of(shipped, user), "Please mount volume 3")).isEqualTo(new QuickArgs.Parsed(
                new ClientRequest("console", 18979, "Please mount volume 3", java.time.Duration.ofSeconds(10),
                        java.time.Duration.ZERO, java.time.Duration.ZERO), false));
        assertThat(quick(List.of(all), "m").request().host()).isEqualTo("backup1");
        assertThat(quick(List.of(all), "m").quiet()).isTrue();
    }

    @Test
    void leavesOtherFilesToPicocli() throws Exception {
        String[] contents = {
            "key-file=/etc/mediachange/mediachange.key\n", "colour=blue\n", "port=0\n", "port=70000\n",
            "port=+80\n", "port=\n", "host=\n", "timeout=soon\n", "quiet=yes\n", "port=1\nport=2\n",
            "host=\\u12\n",
        };
        for (int i = 0; i < contents.length; i++) {
            Path f = file("other" + i + ".properties", contents[i]);
            assertThat(quick(List.of(f), "h", "m")).as(contents[i]).isNull();
        }
        Path latin1 = dir.resolve("latin1.properties");
        Files.write(latin1, new byte[] {'h', 'o', 's', 't', '=', (byte) 0xE9, '\n'});
        assertThat(quick(List.of(latin1), "h", "m")).isNull();
        // A value the command line overrides is still checked, as picocli's side checks it.
        Path badPort = file("bad-port.properties", "port=eighty\n");
        assertThat(quick(List.of(badPort), "-p", "80", "h", "m")).isNull();
        // A lone argument needs host=.
        Path noHost = file("no-host.properties", "port=1\n");
        assertThat(quick(List.of(noHost), "m")).isNull();
    }

    @Test
    void agreesWithPicocliOnGeneratedFilesAndCommandLines() throws Exception {
        String[] keys = {"host", "port", "connect-timeout", "timeout", "retry-for", "quiet", "key-file", "hots"};
        String[] values = {"console", "127.0.0.1", "8979", "1", "0", "65536", "5s", "1h30m", "0", "soon", "true",
            "False", "yes", "", " 18979 ", "::1", "a b"};
        String[] tokens = {"-p", "--port=1", "2", "-q", "--timeout", "5s", "console", "m", "Please mount", "-",
            "--retry-for=1m", "x y"};
        Random random = new Random(7);
        int accepted = 0;
        for (int i = 0; i < 1_500; i++) {
            List<Path> files = new ArrayList<>();
            for (int f = 0; f < random.nextInt(3); f++) {
                StringBuilder content = new StringBuilder();
                for (int k = 0; k < random.nextInt(4); k++) {
                    // A key appears at most once per file here; keys set twice are tested above.
                    String key = keys[random.nextInt(keys.length)];
                    if (content.indexOf("\n" + key + "=") < 0 && !content.toString().startsWith(key + "=")) {
                        content.append(key).append('=').append(values[random.nextInt(values.length)]).append('\n');
                    }
                }
                files.add(file("gen-" + i + "-" + f + ".properties", content.toString()));
            }
            String[] args = new String[random.nextInt(5)];
            for (int k = 0; k < args.length; k++) {
                args[k] = tokens[random.nextInt(tokens.length)];
            }
            QuickArgs.Parsed quick = quick(files, args);
            if (quick != null) {
                accepted++;
                assertThat(picocli(files, args)).as("picocli on %s with %s", List.of(args), files).isEqualTo(quick);
            }
        }
        // Enough accepted cases for the agreement above to mean something.
        assertThat(accepted).isGreaterThan(100);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRunWithTheInstalledFilesLoadsNoPicocliClass() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(FakeDaemon.reply("Ok"))) {
            // As installed: the system file all comments, the user's naming host and port.
            Path conf = Files.createDirectories(dir.resolve("etc"));
            Files.writeString(conf.resolve(Main.SYSTEM_CONFIG_FILE), "# defaults\n#port=8979\n");
            Path home = Files.createDirectories(dir.resolve("home"));
            Files.writeString(home.resolve(Main.USER_CONFIG_FILE), "host=" + FakeDaemon.HOST + "\nport="
                    + daemon.port() + "\n");
            List<String> run = loadedClasses(dir.resolve("installed.log"), "Ok\n", Map.of("HOME", home.toString()),
                    List.of("-Dmediachange.confdir=" + conf), "Please mount volume 3");
            assertThat(run).anyMatch(l -> l.contains("org.mediachange.client.Conversation "));
            assertThat(run).noneMatch(l -> l.contains(" picocli."));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPlainRunLoadsNoPicocliClass() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.start(FakeDaemon.reply("Ok"))) {
            List<String> plain = loadedClasses(dir.resolve("plain.log"), "Ok\n",
                    "-p", Integer.toString(daemon.port()), FakeDaemon.HOST, "from", "a", "script");
            assertThat(plain).anyMatch(l -> l.contains("org.mediachange.client.Conversation "));
            assertThat(plain).noneMatch(l -> l.contains(" picocli."));
        }
        // The same check sees picocli where it is used, so the one above can fail.
        List<String> version = loadedClasses(dir.resolve("version.log"), null, "--version");
        assertThat(version).anyMatch(l -> l.contains(" picocli.CommandLine "));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRunWithSeveralHostsLoadsNoPicocliClass() throws Exception {
        try (FakeDaemon holding = FakeDaemon.start(FakeDaemon.holdUntilWithdrawn());
                FakeDaemon answering = FakeDaemon.start(c -> {
                    c.readRequest();
                    holding.awaitRequests(1);
                    c.write("Ok\n".getBytes(StandardCharsets.UTF_8));
                })) {
            List<String> run = loadedClasses(dir.resolve("several.log"), "Ok\n",
                    holding.target() + "," + answering.target(), "from", "a", "script");
            assertThat(run).anyMatch(l -> l.contains("org.mediachange.client.FirstAnswer "));
            assertThat(run).noneMatch(l -> l.contains(" picocli."));
        }
    }

    /** Runs the client in a new JVM and returns its class loading log. */
    private List<String> loadedClasses(Path log, String expectedOut, String... args) throws Exception {
        // An empty home and configuration directory: no configuration file of this machine counts.
        Path home = Files.createDirectories(dir.resolve("empty-home"));
        return loadedClasses(log, expectedOut, Map.of("HOME", home.toString()),
                List.of("-Dmediachange.confdir=" + home), args);
    }

    /** Runs the client in a new JVM with {@code env} and {@code jvmOptions}; returns its class loading log. */
    private static List<String> loadedClasses(Path log, String expectedOut, Map<String, String> env,
            List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        if (expectedOut != null) {
            assertThat(output).isEqualTo(expectedOut);
        }
        return Files.readAllLines(log);
    }
}
