package org.mediachange.daemon.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password hash in Django's PBKDF2 format, so that other tools can write the
 * operators file too: {@code pbkdf2_sha256$ITERATIONS$SALT$HASH}, where HASH is
 * the standard base64 of PBKDF2-HMAC-SHA256(password as UTF-8, SALT as its
 * UTF-8 bytes, ITERATIONS, 32 bytes).
 *
 * @param iterations PBKDF2 rounds
 * @param salt       the salt as written (its UTF-8 bytes are the PBKDF2 salt)
 * @param hash       the 32-byte derived key
 */
public record PasswordHash(int iterations, String salt, byte[] hash) {

    /** The algorithm tag at the start of every hash. */
    public static final String ALGORITHM = "pbkdf2_sha256";
    /** Rounds for new hashes (OWASP's figure for PBKDF2-HMAC-SHA256, and Django's since 5.0 is more). */
    public static final int NEW_ITERATIONS = 600_000;
    /** More rounds than this are refused when reading: a typo should not make every login take minutes. */
    public static final int MAX_ITERATIONS = 10_000_000;
    /** Longest password accepted, in characters. */
    public static final int MAX_PASSWORD_CHARS = 1024;
    private static final int HASH_BYTES = 32;
    private static final int SALT_CHARS = 22;
    private static final String SALT_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Checks the parts. */
    public PasswordHash {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1-" + MAX_ITERATIONS + ", not " + iterations);
        }
        if (salt.isEmpty() || salt.contains("$")) {
            throw new IllegalArgumentException("the salt must be non-empty and without '$'");
        }
        if (hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("the hash must be " + HASH_BYTES + " bytes, not " + hash.length);
        }
        hash = hash.clone();
    }

    /** Parses {@code pbkdf2_sha256$ITERATIONS$SALT$HASH}; empty when it is not one. */
    public static Optional<PasswordHash> parse(String text) {
        String[] parts = text.split("\\$", -1);
        if (parts.length != 4 || !ALGORITHM.equals(parts[0]) || !parts[1].matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PasswordHash(Integer.parseInt(parts[1]), parts[2],
                    Base64.getDecoder().decode(parts[3])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A new hash of {@code password} with a fresh random salt and {@link #NEW_ITERATIONS} rounds. */
    public static PasswordHash create(char[] password) {
        return create(password, NEW_ITERATIONS);
    }

    /** A new hash of {@code password} with a fresh random salt and {@code iterations} rounds. */
    public static PasswordHash create(char[] password, int iterations) {
        StringBuilder salt = new StringBuilder(SALT_CHARS);
        for (int i = 0; i < SALT_CHARS; i++) {
            salt.append(SALT_ALPHABET.charAt(RANDOM.nextInt(SALT_ALPHABET.length())));
        }
        return new PasswordHash(iterations, salt.toString(), derive(password, salt.toString(), iterations));
    }

    /** Whether {@code password} matches; compares in constant time. Costs {@link #iterations} rounds. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** The hash bytes (a copy). */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** The text form, as stored in the operators file. */
    public String format() {
        return ALGORITHM + "$" + iterations + "$" + salt + "$" + Base64.getEncoder().encodeToString(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash p && p.iterations == iterations && p.salt.equals(salt)
                && Arrays.equals(p.hash, hash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * iterations + salt.hashCode()) + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return ALGORITHM + "$" + iterations + "$" + salt + "$...";
    }

    /** PBKDF2-HMAC-SHA256; the JDK encodes the password characters as UTF-8, as Django does. */
    static byte[] derive(char[] password, String salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt.getBytes(StandardCharsets.UTF_8), iterations,
                HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
