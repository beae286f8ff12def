package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14, item 3: request ids are never used twice, across restarts and
 * whatever becomes of the state file. The unpacked tarball's daemon runs as
 * an ordinary user (the system user {@code daemon}, through setpriv, when the
 * tests run as root), so that a state file made unreadable (mode 000) is
 * really unreadable to it. Three restarts with requests in between; then a
 * state file cut to half, filled with garbage, and made unreadable: each
 * time the daemon starts, says so in one log line, sets the file aside as
 * {@code *.bad}, and gives ids above every earlier one.
 */
@ExtendWith({OutsideExtension.class, RequiresTools.class, RequiresPackageTools.class})
@Timeout(300)
class StateIdsIT {

    private static final Pattern ID = Pattern.compile("outcome=timeout peer=127\\.0\\.0\\.1 port=\\d+ id=(\\d+) ");
    /** The user the daemon runs as when the tests run as root. */
    private static final String USER = "daemon";

    @Test
    void idsNeverRepeatAcrossRestartsNorAfterTheStateFileIsCutGarbledOrUnreadable(Outside outside) throws Exception {
        Path work = outside.work();
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path top = Artifacts.unpackTarball(outside, Files.createDirectory(work.resolve("opt")));
        Path state = Files.createDirectory(work.resolve("state"));
        Path logs = Files.createDirectory(work.resolve("logs"));
        Path operators = WebSetup.operators(outside);
        if (root) {
            outside.runOk("chown", USER + ":", state.toString(), logs.toString(), operators.toString());
        }
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("--reuid=" + USER, "--regid=" + USER, "--init-groups"));
        }
        command.addAll(List.of(top.resolve("bin/mediachanged").toString(), "--port", "0", "--dialog", "none",
                "--web", "127.0.0.1:0", "--operators", operators.toString(), "--allow", "127.0.0.0/8",
                "--answer-timeout", "200ms", "--state-dir", state.toString()));
        Path launcher = root ? Path.of("setpriv") : Path.of(command.remove(0));
        Map<String, String> env = Map.of("LOGS_DIRECTORY", logs.toString());

        List<Long> ids = new ArrayList<>();
        for (int run = 0; run < 4; run++) { // the first start and 3 restarts
            try (Outside.Daemon d = outside.daemon(launcher, env, command.toArray(String[]::new))) {
                ids.addAll(requests(d, 2));
                assertThat(d.process().stdout()).doesNotContain("WARN").doesNotContain("ERROR");
            }
        }
        assertThat(ids).as("a stopped daemon goes on where it stopped").hasSize(8).isSorted()
                .doesNotHaveDuplicates();
        assertThat(ids.get(7) - ids.get(0)).isEqualTo(7);

        Path file = state.resolve("state.json");
        for (String damage : List.of("cut to half", "filled with garbage", "unreadable")) {
            byte[] good = Files.readAllBytes(file);
            switch (damage) {
                case "cut to half" -> Files.write(file, Arrays.copyOf(good, good.length / 2));
                case "filled with garbage" -> Files.write(file, "\u0000\u00ff{{{ no state here".getBytes(UTF_8));
                default -> Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
            }
            long before = ids.stream().mapToLong(Long::longValue).max().orElseThrow();
            try (Outside.Daemon d = outside.daemon(launcher, env, command.toArray(String[]::new))) {
                List<String> said = d.process().stdout().lines().filter(l -> l.contains("state file")).toList();
                assertThat(said).as(damage).singleElement().asString().contains("WARN").contains("state file " + file
                        + " is unusable: ").contains("; set aside as state.json.").contains(".bad; request ids go on"
                        + " from ");
                if (damage.equals("unreadable")) {
                    assertThat(said.get(0)).contains("it cannot be read (Permission denied)");
                }
                List<Long> after = requests(d, 1);
                assertThat(after.get(0)).as(damage).isGreaterThan(before);
                ids.addAll(after);
            }
        }
        try (Stream<Path> s = Files.list(state)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bad"))).hasSize(3);
        }
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        // The audit log, across all seven runs, never has one id twice either.
        List<Long> audited = new ArrayList<>();
        Matcher m = ID.matcher(Files.readString(logs.resolve("audit.log"), UTF_8));
        while (m.find()) {
            audited.add(Long.parseLong(m.group(1)));
        }
        assertThat(audited).containsExactlyElementsOf(ids);
        System.err.println("StateIdsIT: ids " + ids);
    }

    /** Sends {@code n} requests, one after another, each ending in Timeout; their ids from the audit lines. */
    private static List<Long> requests(Outside.Daemon d, int n) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), d.port())) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write(("request " + i + "\n").getBytes(UTF_8));
                ByteArrayOutputStream reply = new ByteArrayOutputStream();
                s.getInputStream().transferTo(reply);
                assertThat(reply.toString(UTF_8)).isEqualTo("Timeout\n");
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                Matcher m = ID.matcher(d.process().stdout());
                List<Long> seen = new ArrayList<>();
                while (m.find()) {
                    seen.add(Long.parseLong(m.group(1)));
                }
                if (seen.size() > i) {
                    ids.add(seen.get(i));
                    break;
                }
                if (System.nanoTime() - end > 0) {
                    throw new AssertionError("no audit line for request " + i + ": " + d.process().stdout());
                }
                Thread.sleep(20);
            }
        }
        return ids;
    }
}
