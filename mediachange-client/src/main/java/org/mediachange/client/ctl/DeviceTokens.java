package org.mediachange.client.ctl;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.mediachange.common.files.PrivateFiles;

/**
 * The device tokens the web consoles gave this user's mediachangectl, one per
 * console and operator, in {@value #FILE_NAME} in the user's state directory
 * ({@code $XDG_STATE_HOME/mediachange}, else {@code ~/.local/state/mediachange}),
 * mode 0600, one line {@code URL OPERATOR TOKEN} each. A console that sees its
 * token counts this client's failed logins on their own: someone guessing
 * passwords from the same machine does not hold it up (docs/CTL.md). The file
 * is replaced atomically; one that others could read is not used (and said
 * so), nor is one that cannot be written a reason to fail a command.
 */
final class DeviceTokens {

    /** The file's name in the state directory. */
    static final String FILE_NAME = "device-tokens";
    /** What a token looks like (the console's: base64url parts joined by {@code ~}); anything else is ignored. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_~-]{1,400}");
    private static final String WHAT = "mediachangectl's device token file";

    private final Path file;
    private final String console;
    private final String operator;
    private final Consumer<String> warn;
    private volatile String token;

    private DeviceTokens(Path file, String console, String operator, Consumer<String> warn, String token) {
        this.file = file;
        this.console = console;
        this.operator = operator;
        this.warn = warn;
        this.token = token;
    }

    /** No file: tokens are kept for this run only. */
    static DeviceTokens none() {
        return new DeviceTokens(null, "", "", w -> { }, null);
    }

    /** Where the file is for the environment {@code env}. */
    static Path file(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base;
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            base = Path.of(xdg);
        } else {
            String home = env.get("HOME");
            base = Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".local",
                    "state");
        }
        return base.resolve("mediachange").resolve(FILE_NAME);
    }

    /** The token of {@code operator} at {@code console} from {@code file} (if any); problems go to {@code warn}. */
    static DeviceTokens load(Path file, URI console, String operator, Consumer<String> warn) {
        String key = console.toString();
        String token = null;
        if (Files.exists(file)) {
            Optional<String> problem = PrivateFiles.problem(file, WHAT);
            if (problem.isPresent()) {
                warn.accept("not using " + problem.get());
                return new DeviceTokens(null, key, operator, warn, null);
            }
            for (String[] entry : entries(file, warn)) {
                if (entry[0].equals(key) && entry[1].equals(operator)) {
                    token = entry[2];
                }
            }
        }
        return new DeviceTokens(file, key, operator, warn, token);
    }

    /** The token to send, if there is one. */
    Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** Keeps {@code fresh}, a token the console sent, in place of the one there was (if it differs). */
    void update(String fresh) {
        if (fresh == null || !TOKEN.matcher(fresh).matches() || fresh.equals(token)) {
            return;
        }
        token = fresh;
        if (file == null || console.contains(" ") || operator.contains(" ")) {
            return;
        }
        try {
            List<String> lines = new ArrayList<>();
            if (Files.exists(file)) {
                for (String[] e : entries(file, warn)) {
                    if (!(e[0].equals(console) && e[1].equals(operator))) {
                        lines.add(String.join(" ", e));
                    }
                }
            }
            lines.add(console + " " + operator + " " + fresh);
            write(lines);
        } catch (IOException e) {
            warn.accept("cannot keep the console's device token in " + file + ": " + e.getMessage());
        }
    }

    private static List<String[]> entries(Path file, Consumer<String> warn) {
        List<String[]> entries = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 3 && TOKEN.matcher(parts[2]).matches()) {
                    entries.add(parts);
                }
            }
        } catch (IOException e) {
            warn.accept("cannot read " + file + ": " + e.getMessage());
        }
        return entries;
    }

    private void write(List<String> lines) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(dir, "." + FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
