package org.mediachange.daemon.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operators file: Django's PBKDF2 format, as another implementation writes it; private or refused. */
class OperatorsFileTest {

    @TempDir
    Path dir;

    private Path privateFile(String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private Path pythonEntries() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("operators-python.txt")) {
            return privateFile("operators", in.readAllBytes());
        }
    }

    @Test
    void entriesMadeByPythonsHashlibAreAcceptedWithTheirPasswords() throws Exception {
        Map<String, OperatorsFile.Entry> ops = OperatorsFile.read(pythonEntries());
        assertThat(ops).containsOnlyKeys("bob", "carol");
        assertThat(ops.get("bob").hash().iterations()).isEqualTo(600_000);
        assertThat(ops.get("bob").hash().matches("correct horse battery staple".toCharArray())).isTrue();
        assertThat(ops.get("bob").hash().matches("correct horse battery stapl".toCharArray())).isFalse();
        // Non-ASCII password (a supplementary character too) and salt: both go in as UTF-8.
        assertThat(ops.get("carol").hash().matches("Pässwörd ☃ 𝄞 with spaces".toCharArray())).isTrue();
        assertThat(ops.get("carol").hash().matches("Passwort ☃ 𝄞 with spaces".toCharArray())).isFalse();
    }

    @Test
    void aFileReadableByTheGroupIsRefused() throws Exception {
        Path f = pythonEntries();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> OperatorsFile.read(f)).isInstanceOf(OperatorsFileException.class)
                .hasMessage("operators file " + f + " has mode 0640: group may read it; run chmod 600 " + f);
    }

    @Test
    void aMissingFileIsNamed() {
        Path f = dir.resolve("nowhere");
        assertThatThrownBy(() -> OperatorsFile.read(f)).hasMessage("operators file " + f
                + " does not exist or is not a file");
    }

    @Test
    void aMalformedLineIsRefusedWithItsNumber() throws Exception {
        Path f = privateFile("operators", "# comment\n\nalice:md5$abc$def\n".getBytes());
        assertThatThrownBy(() -> OperatorsFile.read(f)).hasMessageStartingWith(f + " line 3: the password of 'alice'");
        Path g = privateFile("operators2", "al ice:pbkdf2_sha256$1$s$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
                .getBytes());
        assertThatThrownBy(() -> OperatorsFile.read(g)).hasMessageStartingWith(g + " line 1: expected NAME:");
    }

    @Test
    void aNameListedTwiceIsRefused() throws Exception {
        String line = "bob:pbkdf2_sha256$1$s$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
        Path f = privateFile("operators", (line + line).getBytes());
        assertThatThrownBy(() -> OperatorsFile.read(f)).hasMessage(f + " line 2: operator 'bob' is listed twice");
    }

    @Test
    void settingAPasswordAddsOrReplacesOneLineAndKeepsTheRest() throws Exception {
        Path f = pythonEntries();
        PasswordHash h = new PasswordHash(1000, "salt", new byte[32]);
        assertThat(OperatorsFile.setPassword(f, "dave", h)).isTrue();
        assertThat(OperatorsFile.setPassword(f, "bob", h)).isFalse();
        String text = Files.readString(f);
        assertThat(text).startsWith("# Made by make-operators.py").contains("carol:pbkdf2_sha256$1000$ünïcode-salt$")
                .contains("bob:" + h.format() + "\n").endsWith("dave:" + h.format() + "\n");
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(OperatorsFile.read(f)).containsOnlyKeys("bob", "carol", "dave");
    }

    @Test
    void settingAPasswordCreatesAPrivateFile() throws Exception {
        Path f = dir.resolve("new-operators");
        PasswordHash h = PasswordHash.create("s3cret".toCharArray());
        assertThat(OperatorsFile.setPassword(f, "erin", h)).isTrue();
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(OperatorsFile.read(f).get("erin").hash().matches("s3cret".toCharArray())).isTrue();
    }

    @Test
    void newHashesUse600000IterationsAFreshSaltAndTheTextFormat() {
        PasswordHash a = PasswordHash.create("pw".toCharArray());
        PasswordHash b = PasswordHash.create("pw".toCharArray());
        assertThat(a.iterations()).isEqualTo(600_000);
        assertThat(a.salt()).isNotEqualTo(b.salt()).matches("[A-Za-z0-9]{22}");
        assertThat(a.format()).matches("pbkdf2_sha256\\$600000\\$[A-Za-z0-9]{22}\\$[A-Za-z0-9+/]{43}=");
        assertThat(PasswordHash.parse(a.format())).contains(a);
        assertThat(a.toString()).doesNotContain(a.format().substring(a.format().lastIndexOf('$') + 1));
    }
}
