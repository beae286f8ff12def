package org.mediachange.daemon.dialog.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ShowQueue}: hosts take turns, each host's requests in order. */
class ShowQueueTest {

    private final ShowQueue<String> queue = new ShowQueue<>();

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        for (String s = queue.next(); s != null; s = queue.next()) {
            out.add(s);
        }
        return out;
    }

    @Test
    void oneHostsRequestsComeInOrder() {
        queue.add("a1", "10.0.0.1");
        queue.add("a2", "10.0.0.1");
        queue.add("a3", "10.0.0.1");
        assertThat(drain()).containsExactly("a1", "a2", "a3");
        assertThat(queue.next()).isNull();
    }

    @Test
    void aRequestBehindAFloodWaitsForOneDialogPerFloodingHost() {
        for (int i = 1; i <= 8; i++) {
            for (String host : List.of("10.0.5.1", "10.0.5.2", "10.0.5.3")) {
                queue.add(host + "#" + i, host);
            }
        }
        queue.add("normal", "192.168.1.5");
        List<String> order = drain();
        assertThat(order.indexOf("normal")).isEqualTo(3);
        assertThat(order).hasSize(25);
        assertThat(order.subList(0, 3)).containsExactly("10.0.5.1#1", "10.0.5.2#1", "10.0.5.3#1");
    }

    @Test
    void aHostThatWasServedGoesToTheBackOfTheTurns() {
        queue.add("a1", "A");
        queue.add("a2", "A");
        queue.add("b1", "B");
        assertThat(queue.next()).isEqualTo("a1");
        queue.add("c1", "C");
        assertThat(drain()).containsExactly("b1", "a2", "c1");
    }

    @Test
    void aHostWithNothingWaitingLosesItsPlace() {
        queue.add("a1", "A");
        queue.add("b1", "B");
        assertThat(queue.next()).isEqualTo("a1");
        queue.add("a2", "A");
        assertThat(drain()).containsExactly("b1", "a2");
    }
}
