package org.mediachange.daemon.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session tokens: signed with the server secret and the operator's entry, ended by time, logout and a new password. */
class SessionsTest {

    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T01:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private Path file;
    private Operators operators;
    private Sessions sessions;
    private static final byte[] SECRET = new byte[32];
    private final ServerSecret secret = ServerSecret.of(SECRET);

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("operators");
        OperatorsFile.setPassword(file, "alice", new PasswordHash(1, "a", new byte[32]));
        OperatorsFile.setPassword(file, "bob", new PasswordHash(1, "b", new byte[32]));
        operators = Operators.load(file);
        sessions = new Sessions(operators, secret, clock);
    }

    @Test
    void aTokenNamesItsOperatorForTwelveHours() {
        String token = sessions.issue(operators.find("alice").orElseThrow());
        assertThat(sessions.operator(token)).contains("alice");
        now.set(now.get().plus(Duration.ofHours(12)).minusSeconds(1));
        assertThat(sessions.operator(token)).contains("alice");
        now.set(now.get().plusSeconds(1));
        assertThat(sessions.operator(token)).isEmpty();
    }

    @Test
    void aTokenOutlivesARestartButNotALogout() throws Exception {
        String token = sessions.issue(operators.find("alice").orElseThrow());
        Sessions afterRestart = new Sessions(Operators.load(file), ServerSecret.of(SECRET), clock);
        assertThat(afterRestart.operator(token)).contains("alice");
        sessions.revoke(token);
        assertThat(sessions.operator(token)).isEmpty();
    }

    @Test
    void aNewPasswordEndsTheOperatorsSessions() throws Exception {
        String token = sessions.issue(operators.find("alice").orElseThrow());
        String other = sessions.issue(operators.find("bob").orElseThrow());
        Thread.sleep(20); // a new modification time, whatever the file system's resolution
        OperatorsFile.setPassword(file, "alice", new PasswordHash(1, "c", new byte[32]));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(sessions.operator(token)).isEmpty();
        assertThat(sessions.operator(other)).contains("bob");
    }

    @Test
    void aForgedOrMangledTokenIsRefused() {
        String token = sessions.issue(operators.find("alice").orElseThrow());
        String[] parts = token.split("~");
        String asBob = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("bob".getBytes()) + "~"
                + parts[1] + "~" + parts[2] + "~" + parts[3];
        assertThat(sessions.operator(asBob)).isEmpty();
        // Its last char changed (always changed: a token that ends in "A" gets "B").
        String mangled = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertThat(sessions.operator(mangled)).isEmpty();
        assertThat(sessions.operator("")).isEmpty();
        assertThat(sessions.operator("x~1~2~3")).isEmpty();
        assertThat(sessions.operator(null)).isEmpty();
    }

    @Test
    void theOperatorsFileAloneForgesNoSession() throws Exception {
        // As sessions were signed before the server secret: an HMAC keyed with the operator's entry.
        OperatorsFile.Entry alice = operators.find("alice").orElseThrow();
        String head = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("alice".getBytes()) + "~"
                + now.get().getEpochSecond() + "~" + "AAAAAAAAAAAAAAAAAAAAAA";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(alice.hash().format().getBytes(), "HmacSHA256"));
        String forged = head + "~" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(("mediachange web session\n" + head).getBytes()));
        assertThat(sessions.operator(forged)).isEmpty();
        // Nor does another daemon's secret, nor a device token of the same operator.
        String token = sessions.issue(alice);
        assertThat(new Sessions(operators, ServerSecret.of(new byte[] {9}), clock).operator(token)).isEmpty();
        assertThat(sessions.operator(new DeviceTokens(operators, secret, clock).issue(alice))).isEmpty();
    }

    @Test
    void anAccessSaysWhyItEnded() throws Exception {
        Access a = sessions.access(sessions.issue(operators.find("alice").orElseThrow())).orElseThrow();
        assertThat(a.operator()).isEqualTo("alice");
        assertThat(a.ended()).isEmpty();
        now.set(now.get().plus(Duration.ofHours(12)));
        assertThat(a.ended()).contains(Sessions.EXPIRED);
        now.set(now.get().minus(Duration.ofHours(12)));
        String token = sessions.issue(operators.find("bob").orElseThrow());
        Access b = sessions.access(token).orElseThrow();
        sessions.revoke(token);
        assertThat(b.ended()).contains(Sessions.LOGGED_OUT);
        Access c = sessions.access(sessions.issue(operators.find("alice").orElseThrow())).orElseThrow();
        Thread.sleep(20);
        OperatorsFile.setPassword(file, "alice", new PasswordHash(1, "d", new byte[32]));
        assertThat(c.ended()).contains(Sessions.CHANGED);
    }

    @Test
    void anOpenedOperatorsFileLetsNobodyIn() throws Exception {
        String token = sessions.issue(operators.find("alice").orElseThrow());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(sessions.operator(token)).isEmpty();
        assertThat(operators.count()).isZero();
    }
}
