package org.mediachange.common.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Option defaults from properties files: values become defaults, the command
 * line wins, {@code --config} replaces the default files, and every kind of
 * bad file stops the run with one line naming the file, the key and the fault.
 */
class ConfigFileDefaultsTest {

    @TempDir
    Path dir;

    /** A command shaped like ours: a number, a duration, a comma-splittable list, a flag, a file option. */
    @Command(name = "demo", mixinStandardHelpOptions = true)
    static final class Demo implements Callable<Integer> {
        @Option(names = {"-p", "--port"}, defaultValue = "8979")
        int port;

        @Option(names = "--bell-interval", defaultValue = "15s", converter = DurationConverter.class)
        Duration bellInterval;

        @Option(names = "--allow", split = "\\s*,\\s*")
        List<String> allow;

        @Option(names = {"-q", "--quiet"})
        boolean quiet;

        @Option(names = "--config")
        Path config;

        @Parameters(arity = "0..*")
        List<String> rest;

        @Override
        public Integer call() {
            return 0;
        }
    }

    private final Demo demo = new Demo();
    private final StringWriter err = new StringWriter();
    private ConfigFileDefaults provider;

    private int run(List<Path> files, String... args) {
        CommandLine cl = new CommandLine(demo);
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("demo: " + ex.getMessage());
            return 2;
        });
        provider = ConfigFileDefaults.install(cl, files, "--config", Set.of("host"));
        return cl.execute(args);
    }

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, UTF_8);
        return p;
    }

    @Test
    void valuesInTheFileBecomeTheDefaults() throws Exception {
        Path f = file("a.properties", """
                # a comment
                port = 18979
                bell-interval=1m
                allow=10.0.0.0/8, 127.0.0.1
                quiet=true
                host=console
                """);
        assertThat(run(List.of(f))).isZero();
        assertThat(demo.port).isEqualTo(18979);
        assertThat(demo.bellInterval).isEqualTo(Duration.ofMinutes(1));
        assertThat(demo.allow).containsExactly("10.0.0.0/8", "127.0.0.1");
        assertThat(demo.quiet).isTrue();
        assertThat(provider.value("host")).contains("console");
    }

    @Test
    void theCommandLineOverridesTheFileAndAListIsReplacedNotExtended() throws Exception {
        Path f = file("a.properties", "port=18979\nallow=10.0.0.0/8\nbell-interval=1m\n");
        assertThat(run(List.of(f), "--port", "1234", "--allow", "192.0.2.1")).isZero();
        assertThat(demo.port).isEqualTo(1234);
        assertThat(demo.allow).containsExactly("192.0.2.1");
        assertThat(demo.bellInterval).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void missingDefaultFilesAreSkippedAndBuiltInDefaultsApply() {
        assertThat(run(List.of(dir.resolve("absent.properties")))).isZero();
        assertThat(demo.port).isEqualTo(8979);
        assertThat(demo.bellInterval).isEqualTo(Duration.ofSeconds(15));
        assertThat(demo.allow).isNull();
        assertThat(provider.value("host")).isEmpty();
    }

    @Test
    void laterFilesOverrideEarlierOnes() throws Exception {
        Path system = file("system.properties", "port=1000\nhost=console\n");
        Path user = file("user.properties", "port=2000\n");
        assertThat(run(List.of(system, user))).isZero();
        assertThat(demo.port).isEqualTo(2000);
        assertThat(provider.value("host")).contains("console");
    }

    @Test
    void theConfigOptionReplacesTheDefaultFiles() throws Exception {
        Path standard = file("standard.properties", "port=1000\nbell-interval=2m\n");
        Path chosen = file("chosen.properties", "port=3000\n");
        assertThat(run(List.of(standard), "--config", chosen.toString())).isZero();
        assertThat(demo.port).isEqualTo(3000);
        assertThat(demo.bellInterval).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aMissingConfigOptionFileIsAnError() {
        Path absent = dir.resolve("absent.properties");
        assertThat(run(List.of(), "--config", absent.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("demo: " + absent + ": no such file" + System.lineSeparator());
    }

    @Test
    void anUnknownKeyNamesTheFileTheKeyAndTheKnownKeys() throws Exception {
        Path f = file("a.properties", "colour=blue\n");
        assertThat(run(List.of(f))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("demo: " + f + ": unknown key 'colour' (known keys: allow,"
                + " bell-interval, host, port, quiet)" + System.lineSeparator());
    }

    @Test
    void theHelpVersionAndConfigOptionsAreNotKeys() throws Exception {
        for (String key : List.of("help", "version", "config")) {
            err.getBuffer().setLength(0);
            Path f = file(key + ".properties", key + "=true\n");
            assertThat(run(List.of(f))).isEqualTo(2);
            assertThat(err.toString()).contains("unknown key '" + key + "'");
        }
    }

    @Test
    void aBadDurationNamesTheFileTheKeyAndTheReason() throws Exception {
        Path f = file("a.properties", "bell-interval=5x\n");
        assertThat(run(List.of(f))).isEqualTo(2);
        assertThat(err.toString()).startsWith("demo: " + f + ": key 'bell-interval': invalid value '5x': ")
                .contains("is not a duration").hasLineCount(1);
    }

    @Test
    void aBadNumberIsReportedEvenWhenTheCommandLineOverridesIt() throws Exception {
        Path f = file("a.properties", "port=eighty\n");
        assertThat(run(List.of(f), "--port", "80")).isEqualTo(2);
        assertThat(err.toString()).startsWith("demo: " + f + ": key 'port': invalid value 'eighty': ")
                .hasLineCount(1);
    }

    @Test
    void aNegativeNumberIsAValueNotAnOption() throws Exception {
        Path f = file("a.properties", "port=-1\n");
        assertThat(run(List.of(f))).isZero();
        assertThat(demo.port).isEqualTo(-1);
    }

    @Test
    void aFlagMustBeTrueOrFalse() throws Exception {
        Path f = file("a.properties", "quiet=yes\n");
        assertThat(run(List.of(f))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("demo: " + f + ": key 'quiet': invalid value 'yes': must be true or false"
                + System.lineSeparator());
    }

    @Test
    void anEmptyValueIsAnErrorRatherThanASilentDefault() throws Exception {
        Path f = file("a.properties", "allow=\n");
        assertThat(run(List.of(f))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("demo: " + f + ": key 'allow' has no value (comment the line out to"
                + " get the built-in default)" + System.lineSeparator());
    }

    @Test
    void aKeySetTwiceIsAnError() throws Exception {
        Path f = file("a.properties", "port=1\nport=2\n");
        assertThat(run(List.of(f))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("demo: " + f + ": key 'port' is set twice" + System.lineSeparator());
    }

    @Test
    void aFileThatIsNotUtf8IsAnError() throws Exception {
        Path f = dir.resolve("latin1.properties");
        Files.write(f, new byte[] {'h', 'o', 's', 't', '=', (byte) 0xE9, '\n'});
        assertThat(run(List.of(f))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("demo: " + f + ": not valid UTF-8" + System.lineSeparator());
    }

    @Test
    void checkingAValueDoesNotSetTheRealOption() throws Exception {
        Path f = file("a.properties", "allow=10.0.0.0/8\n");
        assertThat(run(List.of(f), "--allow", "192.0.2.1")).isZero();
        assertThat(demo.allow).containsExactly("192.0.2.1");
    }

    @Test
    void lookupWithoutAnInstalledProviderIsEmpty() {
        CommandLine cl = new CommandLine(new Demo());
        assertThat(ConfigFileDefaults.lookup(cl.getCommandSpec(), "host")).isEmpty();
    }

    @Test
    void confDirComesFromTheSystemPropertyElseEtc() {
        String old = System.getProperty(ConfigLocations.CONF_DIR_PROPERTY);
        try {
            System.clearProperty(ConfigLocations.CONF_DIR_PROPERTY);
            assertThat(ConfigLocations.confDir()).isEqualTo(Path.of("/etc/mediachange"));
            System.setProperty(ConfigLocations.CONF_DIR_PROPERTY, dir.toString());
            assertThat(ConfigLocations.confDir()).isEqualTo(dir);
        } finally {
            if (old == null) {
                System.clearProperty(ConfigLocations.CONF_DIR_PROPERTY);
            } else {
                System.setProperty(ConfigLocations.CONF_DIR_PROPERTY, old);
            }
        }
    }
}
