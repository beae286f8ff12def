package org.mediachange.daemon.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device tokens: for one operator, a year long, stale after a day, ended by a new password or secret. */
class DeviceTokensTest {

    @TempDir
    Path dir;

    @Test
    void aTokenTrustsItsClientForItsOperatorOnly() throws Exception {
        Path file = dir.resolve("operators");
        OperatorsFile.setPassword(file, "alice", new PasswordHash(1, "a", new byte[32]));
        OperatorsFile.setPassword(file, "bob", new PasswordHash(1, "b", new byte[32]));
        Operators operators = Operators.load(file);
        Instant t0 = Instant.parse("2026-11-30T01:00:00Z");
        ServerSecret secret = ServerSecret.of(new byte[32]);
        DeviceTokens tokens = new DeviceTokens(operators, secret, Clock.fixed(t0, ZoneOffset.UTC));
        String token = tokens.issue(operators.find("alice").orElseThrow());
        assertThat(tokens.verify(token, "alice")).hasValueSatisfying(d -> {
            assertThat(d.operator()).isEqualTo("alice");
            assertThat(d.stale()).isFalse();
        });
        assertThat(tokens.verify(token, "bob")).isEmpty();
        assertThat(tokens.verify(null, "alice")).isEmpty();
        assertThat(tokens.verify("x~1~2~3", "alice")).isEmpty();
        assertThat(new Sessions(operators, secret, Clock.fixed(t0, ZoneOffset.UTC)).operator(token)).isEmpty();

        DeviceTokens dayLater = new DeviceTokens(operators, secret, Clock.fixed(t0.plus(Duration.ofDays(1)),
                ZoneOffset.UTC));
        assertThat(dayLater.verify(token, "alice")).hasValueSatisfying(d -> assertThat(d.stale()).isTrue());
        DeviceTokens yearLater = new DeviceTokens(operators, secret, Clock.fixed(t0.plus(Duration.ofDays(365)),
                ZoneOffset.UTC));
        assertThat(yearLater.verify(token, "alice")).isEmpty();
        assertThat(new DeviceTokens(operators, ServerSecret.of(new byte[] {1}), Clock.fixed(t0, ZoneOffset.UTC))
                .verify(token, "alice")).isEmpty();

        Thread.sleep(20);
        OperatorsFile.setPassword(file, "alice", new PasswordHash(1, "c", new byte[32]));
        assertThat(tokens.verify(token, "alice")).isEmpty();
    }
}
