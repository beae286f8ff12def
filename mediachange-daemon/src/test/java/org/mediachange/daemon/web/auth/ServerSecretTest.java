package org.mediachange.daemon.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's secret: made once, private, kept; refused when others could read it. */
class ServerSecretTest {

    @TempDir
    Path dir;

    @Test
    void madeAtTheFirstStartPrivateAndKeptAfter() throws Exception {
        Path file = dir.resolve("state/web-secret");
        ServerSecret first = ServerSecret.loadOrCreate(file);
        assertThat(first.created()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(file).strip()).hasSize(44);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left
        }
        ServerSecret again = ServerSecret.loadOrCreate(file);
        assertThat(again.created()).isFalse();
        assertThat(again.key("session")).isEqualTo(first.key("session"));
        assertThat(ServerSecret.problem(file)).isEmpty();
    }

    @Test
    void daemonsStartingAtOnceAgreeOnOneSecret() throws Exception {
        Path file = dir.resolve("web-secret");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ServerSecret>> made = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                made.add(pool.submit(() -> {
                    go.await();
                    return ServerSecret.loadOrCreate(file);
                }));
            }
            go.countDown();
            byte[] key = made.get(0).get().key("x");
            int created = 0;
            for (Future<ServerSecret> f : made) {
                assertThat(f.get().key("x")).isEqualTo(key);
                created += f.get().created() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSecretOthersCouldReadOrAMalformedOneIsRefused() throws Exception {
        Path file = dir.resolve("web-secret");
        ServerSecret.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> ServerSecret.loadOrCreate(file)).isInstanceOf(SecretFileException.class)
                .hasMessage("web console secret " + file + " has mode 0640: group may read it; run chmod 600 " + file);
        assertThat(ServerSecret.problem(file)).isPresent();
        Files.writeString(file, "short\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> ServerSecret.loadOrCreate(file)).hasMessageStartingWith("web console secret "
                + file + " is not 32 bytes of base64: delete it");
        assertThat(ServerSecret.problem(dir.resolve("none-yet"))).isEmpty();
    }

    @Test
    void keysDependOnThePurposeAndTheOperatorsEntry() {
        ServerSecret s = ServerSecret.of(new byte[32]);
        OperatorsFile.Entry a = new OperatorsFile.Entry("alice", new PasswordHash(1, "a", new byte[32]));
        OperatorsFile.Entry a2 = new OperatorsFile.Entry("alice", new PasswordHash(1, "b", new byte[32]));
        assertThat(s.key("session", a)).isNotEqualTo(s.key("device", a)).isNotEqualTo(s.key("session", a2));
        assertThat(ServerSecret.of(new byte[] {1}).key("session", a)).isNotEqualTo(s.key("session", a));
    }
}
