package org.mediachange.client.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@code --url}: normalised to a base the API paths resolve against, and plain http only to loopback. */
class ConsoleUrlTest {

    @Test
    void theBaseEndsInASlashAndKeepsItsPath() {
        assertThat(ConsoleUrl.parse("http://127.0.0.1:8980")).isEqualTo(URI.create("http://127.0.0.1:8980/"));
        assertThat(ConsoleUrl.parse(" HTTPS://Console.example:8980/mediachange ").resolve("api/requests"))
                .isEqualTo(URI.create("https://Console.example:8980/mediachange/api/requests"));
        assertThat(ConsoleUrl.parse("http://[::1]:8980/").resolve("api/events"))
                .isEqualTo(URI.create("http://[::1]:8980/api/events"));
    }

    @Test
    void refusesWhatIsNotAConsoleAddress() {
        assertThatThrownBy(() -> ConsoleUrl.parse("console:8980")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> ConsoleUrl.parse("https://alice@console/")).hasMessageContaining("name or password");
        assertThatThrownBy(() -> ConsoleUrl.parse("https:///path")).hasMessageContaining("names no host");
        assertThatThrownBy(() -> ConsoleUrl.parse("https://console/#top")).hasMessageContaining("?query or #fragment");
    }

    @Test
    void plainHttpOnlyToLoopback() {
        for (String ok : new String[] {"http://127.0.0.1/", "http://127.0.0.53:1/", "http://localhost/",
            "http://[::1]:8980/", "https://192.0.2.1/", "https://console.example/"}) {
            ConsoleUrl.checkCleartext(URI.create(ok));
        }
        for (String refused : new String[] {"http://192.0.2.1/", "http://[2001:db8::1]/", "http://10.0.0.1:8980/"}) {
            assertThatThrownBy(() -> ConsoleUrl.checkCleartext(URI.create(refused))).as(refused)
                    .hasMessageStartingWith("refusing to send the password in clear text to ");
        }
    }
}
