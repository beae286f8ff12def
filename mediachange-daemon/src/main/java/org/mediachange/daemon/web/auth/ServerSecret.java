package org.mediachange.daemon.web.auth;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mediachange.common.files.PrivateFiles;

/**
 * The web console's own secret: {@value #BYTES} random bytes in
 * {@value #FILE_NAME} in the state directory (base64, one line, mode 0600),
 * made at the first start by the user the daemon runs as. Sessions and device
 * tokens are signed with keys derived from it and from the operator's entry
 * in the operators file: so a copy of the operators file alone forges nothing,
 * and a new password still ends that operator's sessions. Deleting the file
 * (or losing the state directory) makes a new secret at the next start: every
 * session and device token then ends, and operators log in again.
 */
public final class ServerSecret {

    /** The file's name in the state directory. */
    public static final String FILE_NAME = "web-secret";
    static final int BYTES = 32;
    private static final String WHAT = "web console secret";

    private final byte[] secret;
    private final boolean created;

    private ServerSecret(byte[] secret, boolean created) {
        this.secret = secret.clone();
        this.created = created;
    }

    /** A secret of these bytes (tests). */
    static ServerSecret of(byte[] secret) {
        return new ServerSecret(secret, false);
    }

    /**
     * Reads {@code file}, or makes it (and its directory, mode 0700) when there
     * is none: written to a private temporary file first, then linked into
     * place, so that no reader ever sees half a secret and two daemons starting
     * at once agree on one.
     *
     * @throws SecretFileException when it is open to others, malformed, or cannot be read or made
     */
    public static ServerSecret loadOrCreate(Path file) throws SecretFileException {
        if (!Files.exists(file)) {
            if (create(file)) {
                return new ServerSecret(read(file), true);
            }
        }
        return new ServerSecret(read(file), false);
    }

    /** What is wrong with {@code file} if it exists (for {@code --check-config}); a missing one is made at start. */
    public static Optional<String> problem(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            read(file);
            return Optional.empty();
        } catch (SecretFileException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Whether this start made the secret (there was none). */
    public boolean created() {
        return created;
    }

    /** A key for {@code purpose} ("session", "device") bound to {@code operator}'s entry as the file has it now. */
    byte[] key(String purpose, OperatorsFile.Entry operator) {
        return hmac(secret, "mediachange web " + purpose + "\n" + operator.name() + ":" + operator.hash().format());
    }

    /** A key for {@code purpose} alone. */
    byte[] key(String purpose) {
        return hmac(secret, "mediachange web " + purpose);
    }

    /** HMAC-SHA256 of {@code text} (UTF-8) with {@code key}. */
    static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] read(Path file) throws SecretFileException {
        String problem = PrivateFiles.problem(file, WHAT).orElse(null);
        if (problem != null) {
            throw new SecretFileException(problem);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new SecretFileException("cannot read " + WHAT + " " + file + ": " + e.getMessage()
                    + " (it must belong to the user the daemon runs as)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length < BYTES) {
            throw new SecretFileException(WHAT + " " + file + " is not " + BYTES + " bytes of base64: delete it, and"
                    + " the daemon makes a new one at its next start (every session and device token then ends)");
        }
        return bytes;
    }

    /** Makes {@code file}; false if another process made it meanwhile. */
    private static boolean create(Path file) throws SecretFileException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            byte[] bytes = new byte[BYTES];
            new SecureRandom().nextBytes(bytes);
            tmp = Files.createTempFile(dir, "." + FILE_NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                out.write(java.nio.ByteBuffer.wrap((Base64.getEncoder().encodeToString(bytes) + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                out.force(true);
            }
            try {
                Files.createLink(file, tmp); // fails if the file exists: no secret is ever replaced
            } catch (UnsupportedOperationException e) {
                Files.move(tmp, file); // no hard links here: without REPLACE_EXISTING, refuses to replace
                tmp = null;
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new SecretFileException("cannot make " + WHAT + " " + file + ": " + e.getMessage()
                    + " (the state directory, --state-dir, must be writable by the user the daemon runs as)");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a stray temporary file; the secret itself is in place or the error above says why not
                }
            }
        }
    }
}
