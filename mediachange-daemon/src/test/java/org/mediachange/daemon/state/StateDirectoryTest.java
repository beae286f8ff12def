package org.mediachange.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Where the state directory is when {@code --state-dir} is not given. */
class StateDirectoryTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("user.home", "/home/op");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void theSystemPropertyComesFirst() {
        assertThat(StateDirectory.byDefault(Map.of("STATE_DIRECTORY", "/var/lib/x"),
                props("mediachange.statedir", "/srv/state")).path()).isEqualTo(Path.of("/srv/state"));
    }

    @Test
    void thenSystemdsStateDirectoryItsFirstEntry() {
        assertThat(StateDirectory.byDefault(Map.of("STATE_DIRECTORY", "/var/lib/mediachange:/var/lib/other"),
                props()).path()).isEqualTo(Path.of("/var/lib/mediachange"));
    }

    @Test
    void aCheckoutUsesTheXdgStateHomeOrItsDefault() {
        assertThat(StateDirectory.byDefault(Map.of("XDG_STATE_HOME", "/home/op/st"), props()).path())
                .isEqualTo(Path.of("/home/op/st/mediachange"));
        assertThat(StateDirectory.byDefault(Map.of(), props()).path())
                .isEqualTo(Path.of("/home/op/.local/state/mediachange"));
        assertThat(StateDirectory.byDefault(Map.of("XDG_STATE_HOME", "relative"), props()).path())
                .as("a relative XDG_STATE_HOME is ignored, as the XDG spec says")
                .isEqualTo(Path.of("/home/op/.local/state/mediachange"));
    }

    @Test
    void filesAreInTheDirectory() {
        assertThat(new StateDirectory(Path.of("/var/lib/mediachange")).file("state.json"))
                .isEqualTo(Path.of("/var/lib/mediachange/state.json"));
    }
}
