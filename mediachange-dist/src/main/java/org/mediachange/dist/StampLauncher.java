package org.mediachange.dist;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build-time tool, not shipped: writes into the staged copy of
 * {@code bin/mediachangec} which build of the client's jars it runs, as
 * {@code build_id=VERSION-HASH} (the SHA-256 of the jars' bytes, shortened).
 * The launcher names its class data sharing archive after it, so that an
 * upgrade, whose jars may carry the same modification times as the old ones
 * (reproducible builds date every file alike), gets an archive of its own
 * instead of keeping the old one. Checked by InstalledClientIT.
 */
public final class StampLauncher {

    /** The line of the launcher that this tool fills in; empty in the checkout. */
    static final Pattern BUILD_ID_LINE = Pattern.compile("(?m)^build_id=.*$");

    private StampLauncher() {
    }

    /** {@code StampLauncher VERSION LAUNCHER JAR...}: stamps LAUNCHER in place. */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: StampLauncher VERSION LAUNCHER JAR...");
        }
        Path[] jars = new Path[args.length - 2];
        for (int i = 2; i < args.length; i++) {
            jars[i - 2] = Path.of(args[i]);
        }
        stamp(Path.of(args[1]), buildId(args[0], jars));
    }

    /** {@code VERSION-HASH}: the first 16 hex digits of the SHA-256 over the jars' bytes, in order. */
    public static String buildId(String version, Path... jars) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        for (Path jar : jars) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(jar), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return version + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    /** Replaces the launcher's one {@code build_id=} line; fails unless there is exactly one. */
    public static void stamp(Path launcher, String buildId) throws IOException {
        String text = Files.readString(launcher, UTF_8);
        Matcher m = BUILD_ID_LINE.matcher(text);
        if (!m.find() || m.find()) {
            throw new IllegalStateException(launcher + " must have exactly one line starting with build_id=");
        }
        Files.writeString(launcher, BUILD_ID_LINE.matcher(text).replaceFirst("build_id=" + buildId), UTF_8);
    }
}
