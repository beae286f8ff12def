package org.mediachange.daemon.web.auth;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;

/**
 * What a name that is not in the operators file is checked against, so that
 * its check costs what a real one costs and timing does not tell which names
 * exist, whatever iteration counts the file holds (set-password writes
 * 600,000; a current Django writes more; an old file fewer). Each unknown name
 * gets the iteration count of one of the file's entries, always the same one
 * for that name (picked by an HMAC of the name with a key from the server
 * secret, so nobody can predict or steer which): an unknown name then costs
 * exactly what some real entry costs, every time it is tried, and the counts
 * appear among unknown names as often as among the entries.
 */
final class Decoys {

    private static final int SALT_CHARS = 22;
    private static final String SALT_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final byte[] key;
    private final String salt;
    private final byte[] hash = new byte[32];

    Decoys(ServerSecret secret) {
        this.key = secret.key("decoy");
        SecureRandom random = new SecureRandom();
        random.nextBytes(hash);
        StringBuilder sb = new StringBuilder(SALT_CHARS);
        for (int i = 0; i < SALT_CHARS; i++) {
            sb.append(SALT_ALPHABET.charAt(random.nextInt(SALT_ALPHABET.length())));
        }
        this.salt = sb.toString();
    }

    /** The decoy for {@code name} among entries of {@code iterations} (none: the count set-password writes). */
    PasswordHash forName(String name, List<Integer> iterations) {
        int rounds = iterations.isEmpty() ? PasswordHash.NEW_ITERATIONS : iterations.get(index(name, iterations.size()));
        return new PasswordHash(rounds, salt, hash);
    }

    private int index(String name, int size) {
        int h = ByteBuffer.wrap(ServerSecret.hmac(key, name)).getInt();
        return Math.floorMod(h, size);
    }
}
