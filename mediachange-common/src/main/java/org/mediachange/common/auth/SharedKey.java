package org.mediachange.common.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mediachange.common.files.PrivateFiles;

/**
 * The secret shared by clients and daemon, read from a key file, and the
 * HMAC-SHA256 computed with it. The key is the file's bytes without trailing
 * white space; at least {@value #MIN_BYTES} of them (make one with
 * {@code head -c 32 /dev/urandom | base64 > mediachange.key}).
 */
public final class SharedKey {

    /** Shortest key accepted. */
    public static final int MIN_BYTES = 16;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] key;

    private SharedKey(byte[] key) {
        this.key = key;
    }

    /** A key from raw bytes (at least {@value #MIN_BYTES}). */
    public static SharedKey of(byte[] bytes) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("key shorter than " + MIN_BYTES + " bytes");
        }
        return new SharedKey(bytes.clone());
    }

    /**
     * Reads a key file, refusing one that another local user could read, change
     * or replace, as ssh refuses an open private key: the file may have no
     * permission bit for group or others, and no directory above it may be
     * writable by them, unless it has the sticky bit.
     *
     * @throws KeyFileException naming the file and the problem
     */
    public static SharedKey load(Path file) throws KeyFileException {
        try {
            String problem = PrivateFiles.problem(file, "key file").orElse(null);
            if (problem != null) {
                throw new KeyFileException(problem);
            }
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && Character.isWhitespace(bytes[end - 1])) {
                end--;
            }
            if (end < MIN_BYTES) {
                throw new KeyFileException("key file " + file + " holds " + end + " bytes; at least " + MIN_BYTES
                        + " are needed (e.g. head -c 32 /dev/urandom | base64 > " + file + ")");
            }
            return new SharedKey(Arrays.copyOf(bytes, end));
        } catch (IOException e) {
            throw new KeyFileException("cannot read key file " + file + ": " + e.getMessage());
        }
    }

    /** HMAC-SHA256 over the UTF-8 of {@code parts} joined by LF, as lower-case hex. */
    public String mac(String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether {@code macHex} is the MAC of {@code parts}; compares in constant time. */
    public boolean verify(String macHex, String... parts) {
        byte[] expected = mac(parts).getBytes(StandardCharsets.US_ASCII);
        byte[] given = macHex.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
