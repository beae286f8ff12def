package org.mediachange.daemon.web.links;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret of an answer link: {@value #BYTES} random bytes (128 bits) in
 * base64url without padding, 22 characters. Tokens are found by the SHA-256
 * of their text, so a lookup compares digests the guesser cannot steer, never
 * the token itself character by character. Logs name a token by a short
 * {@link #fingerprint} only: it identifies a link in the log without letting
 * anyone who reads the log use it.
 */
public final class LinkToken {

    /** Random bytes in a token. */
    static final int BYTES = 16;
    /** What a token looks like: exactly what {@link #create} makes. */
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{22}");
    /** Where the links live: {@code /a/TOKEN}. */
    public static final String PATH = "/a/";
    /** Suffix of the path of a link's details (JSON). */
    static final String INFO = "/info";

    private LinkToken() {
    }

    /** A new token from {@code random}. */
    static String create(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The key {@code token} is found by (hex SHA-256), or empty when it is not shaped like a token. */
    static Optional<String> key(String token) {
        return FORM.matcher(token).matches() ? Optional.of(HexFormat.of().formatHex(sha256(token))) : Optional.empty();
    }

    /** Eight hex digits that name {@code token} in the log (of its SHA-256: they do not reveal it). */
    public static String fingerprint(String token) {
        return HexFormat.of().formatHex(sha256(token), 0, 4);
    }

    /**
     * {@code path} fit for the log: anything after {@code /a/} (a token, or what
     * someone tried as one) replaced by its fingerprint, e.g. {@code /a/#1f2e3d4c/info}.
     */
    public static String redact(String path) {
        if (!path.startsWith(PATH)) {
            return path;
        }
        String rest = path.substring(PATH.length());
        String info = rest.endsWith(INFO) ? INFO : "";
        return PATH + "#" + fingerprint(rest.substring(0, rest.length() - info.length())) + info;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
