package org.mediachange.daemon.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An unknown name costs what one of the file's entries costs, always the same one for that name. */
class DecoysTest {

    private final Decoys decoys = new Decoys(ServerSecret.of(new byte[32]));

    @Test
    void anUnknownNameCostsTheRoundsOfAnEntryAlwaysTheSame() {
        assertThat(decoys.forName("mallory", List.of(1_000_000)).iterations()).isEqualTo(1_000_000);
        assertThat(decoys.forName("mallory", List.of()).iterations()).isEqualTo(PasswordHash.NEW_ITERATIONS);
        List<Integer> mixed = List.of(600_000, 1_000_000, 600_000, 870_000);
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            int rounds = decoys.forName("name" + i, mixed).iterations();
            assertThat(decoys.forName("name" + i, mixed).iterations()).isEqualTo(rounds);
            seen.merge(rounds, 1, Integer::sum);
        }
        // As often as among the entries: half 600,000, a quarter each of the others.
        assertThat(seen.keySet()).containsExactlyInAnyOrder(600_000, 1_000_000, 870_000);
        assertThat(seen.get(600_000)).isBetween(1800, 2200);
        assertThat(seen.get(1_000_000)).isBetween(850, 1150);
    }
}
