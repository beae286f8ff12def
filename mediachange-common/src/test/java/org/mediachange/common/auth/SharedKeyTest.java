package org.mediachange.common.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading key files, with the same care ssh takes with private keys, and the MAC itself. */
class SharedKeyTest {

    @TempDir
    Path dir;

    private Path key(String content, String perms) throws Exception {
        Path p = dir.resolve("key");
        Files.writeString(p, content, UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    @Test
    void privateKeyFileLoadsWithoutItsTrailingNewline() throws Exception {
        SharedKey a = SharedKey.load(key("0123456789abcdef0123\n", "rw-------"));
        SharedKey b = SharedKey.of("0123456789abcdef0123".getBytes(UTF_8));
        assertThat(a.mac("x")).isEqualTo(b.mac("x"));
    }

    @Test
    void keyFileReadableByGroupIsRefused() throws Exception {
        Path p = key("0123456789abcdef0123\n", "rw-r-----");
        assertThatThrownBy(() -> SharedKey.load(p)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("readable by group or others");
    }

    @Test
    void keyFileReadableByOthersIsRefused() throws Exception {
        Path p = key("0123456789abcdef0123\n", "rw----r--");
        assertThatThrownBy(() -> SharedKey.load(p)).hasMessageContaining("chmod 600");
    }

    @Test
    void shortKeyIsRefused() throws Exception {
        Path p = key("short\n", "rw-------");
        assertThatThrownBy(() -> SharedKey.load(p)).hasMessageContaining("holds 5 bytes; at least 16");
    }

    @Test
    void missingKeyFileIsNamed() {
        Path p = dir.resolve("nope");
        assertThatThrownBy(() -> SharedKey.load(p)).hasMessageContaining(p.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void macIsHmacSha256OfThePartsJoinedByLf() {
        // Expected value computed independently: python3 -c "import hmac,hashlib;
        // print(hmac.new(b'Jefe-Jefe-Jefe-Jefe', b'what do ya want\nfor nothing?', hashlib.sha256).hexdigest())"
        SharedKey k = SharedKey.of("Jefe-Jefe-Jefe-Jefe".getBytes(UTF_8));
        assertThat(k.mac("what do ya want", "for nothing?"))
                .isEqualTo("9bcd9c91d6787a779e9a6c5b41e01e803264ed6f30fb14a1ff181cfc355a5be9");
        assertThat(k.verify(k.mac("a", "b"), "a", "b")).isTrue();
        assertThat(k.verify(k.mac("a", "b"), "a", "c")).isFalse();
        assertThat(k.verify("00", "a", "b")).isFalse();
    }
}
