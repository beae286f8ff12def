package org.mediachange.common.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rw-r----- | 0640 | group may read it",
        "rw----r-- | 0604 | others may read it",
        "rw-r--r-- | 0644 | group and others may read it",
        "rw--w--w- | 0622 | group and others may write it",
        "rwx-wx-wx | 0733 | group and others may write and execute it",
        "rw---x--- | 0610 | group may execute it",
        "rw-rw---- | 0660 | group may read and write it",
        "rw-rwxr-- | 0674 | group may read, write and execute it, others may read it",
        "r------w- | 0402 | others may write it"})
    void keyFileWithAnyBitForGroupOrOthersIsRefused(String perms, String mode, String who) throws Exception {
        Path p = key("0123456789abcdef0123\n", perms);
        assertThatThrownBy(() -> SharedKey.load(p)).isInstanceOf(KeyFileException.class)
                .hasMessage("key file " + p + " has mode " + mode + ": " + who + "; run chmod 600 " + p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------", "rwx------"})
    void keyFileOnlyItsOwnerMayUseLoads(String perms) throws Exception {
        assertThat(SharedKey.load(key("0123456789abcdef0123\n", perms)).mac("x"))
                .isEqualTo(SharedKey.of("0123456789abcdef0123".getBytes(UTF_8)).mac("x"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0777 | group and others may write it",
        "0775 | group may write it",
        "0757 | others may write it"})
    void keyFileInADirectoryOthersMayWriteIsRefused(String dirMode, String who) throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Path p = privateKeyIn(Files.createDirectory(open.resolve("private")));
        chmod(open, dirMode);
        assertThatThrownBy(() -> SharedKey.load(p)).isInstanceOf(KeyFileException.class)
                .hasMessage("key file " + p + " is in " + open + ", which has mode " + dirMode + ": " + who
                        + ", so another user could replace the file; run chmod go-w " + open
                        + " or keep the file elsewhere");
    }

    @Test
    void keyFileInAStickyDirectoryLikeTmpLoads() throws Exception {
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Path p = privateKeyIn(sticky);
        chmod(sticky, "1777");
        assertThat(SharedKey.load(p).mac("x")).isEqualTo(SharedKey.of("0123456789abcdef0123".getBytes(UTF_8)).mac("x"));
    }

    @Test
    void linkToAPrivateKeyFromADirectoryOthersMayWriteIsRefused() throws Exception {
        Path target = privateKeyIn(Files.createDirectory(dir.resolve("private")));
        Path open = Files.createDirectory(dir.resolve("open"));
        Path link = Files.createSymbolicLink(open.resolve("key"), target);
        chmod(open, "0777");
        assertThatThrownBy(() -> SharedKey.load(link)).hasMessageContaining(" is in " + open + ", which has mode 0777");
        assertThat(SharedKey.load(target)).isNotNull();
    }

    @Test
    void linkFromAPrivateDirectoryToAKeyOthersCouldReplaceIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Path target = privateKeyIn(open);
        chmod(open, "0777");
        Path link = Files.createSymbolicLink(Files.createDirectory(dir.resolve("private")).resolve("key"), target);
        assertThatThrownBy(() -> SharedKey.load(link)).hasMessageContaining(" is in " + open + ", which has mode 0777");
    }

    private static Path privateKeyIn(Path directory) throws Exception {
        Path p = directory.resolve("key");
        Files.writeString(p, "0123456789abcdef0123\n", UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    /** Sets all twelve mode bits, the sticky bit included (which the POSIX view cannot). */
    private static void chmod(Path path, String octal) throws Exception {
        Files.setAttribute(path, "unix:mode", Integer.parseInt(octal, 8));
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
