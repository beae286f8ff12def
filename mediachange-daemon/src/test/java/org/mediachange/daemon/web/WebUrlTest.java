package org.mediachange.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@code --web-url}: http or https with a host, no user, query or fragment; kept with a trailing slash. */
class WebUrlTest {

    @Test
    void aUrlIsKeptWithATrailingSlashAndALowerCaseSchemeAndHost() {
        assertThat(WebUrl.parse("https://Console.Example.org:8443")).isEqualTo(
                URI.create("https://console.example.org:8443/"));
        assertThat(WebUrl.parse(" HTTPS://example.org/mediachange ")).isEqualTo(
                URI.create("https://example.org/mediachange/"));
        assertThat(WebUrl.parse("http://127.0.0.1:8980/")).isEqualTo(URI.create("http://127.0.0.1:8980/"));
        assertThat(WebUrl.parse("http://[::1]:8980")).isEqualTo(URI.create("http://[::1]:8980/"));
    }

    @Test
    void whatCannotBeALinkBaseIsRefusedWithAReason() {
        assertThatThrownBy(() -> WebUrl.parse("console.example.org:8443"))
                .hasMessage("'console.example.org:8443' must start with https:// (or http://)");
        assertThatThrownBy(() -> WebUrl.parse("ftp://example.org/")).hasMessageContaining("must start with https://");
        assertThatThrownBy(() -> WebUrl.parse("https:///path")).hasMessageContaining("has no host name");
        assertThatThrownBy(() -> WebUrl.parse("https://bad_host.example/")).hasMessageContaining("has no host name");
        assertThatThrownBy(() -> WebUrl.parse("https://alice:secret@example.org/"))
                .hasMessageContaining("must not contain a user name or password");
        assertThatThrownBy(() -> WebUrl.parse("https://example.org/?x=1"))
                .hasMessageContaining("must not have a query");
        assertThatThrownBy(() -> WebUrl.parse("https://example.org/#top")).hasMessageContaining("or fragment");
        assertThatThrownBy(() -> WebUrl.parse("https://example.org/a b")).hasMessageStartingWith(
                "'https://example.org/a b' is not a URL: ");
    }

    @Test
    void onlyHttpsOrLoopbackKeepsLinksOffTheWire() {
        assertThat(WebUrl.protectedInTransit(WebUrl.parse("https://console.example.org"))).isTrue();
        assertThat(WebUrl.protectedInTransit(WebUrl.parse("http://127.0.0.1:8980"))).isTrue();
        assertThat(WebUrl.protectedInTransit(WebUrl.parse("http://127.1.2.3:8980"))).isTrue();
        assertThat(WebUrl.protectedInTransit(WebUrl.parse("http://localhost:8980"))).isTrue();
        assertThat(WebUrl.protectedInTransit(WebUrl.parse("http://[::1]:8980"))).isTrue();
        assertThat(WebUrl.protectedInTransit(WebUrl.parse("http://console.example.org:8980"))).isFalse();
        assertThat(WebUrl.protectedInTransit(WebUrl.parse("http://192.168.1.5:8980"))).isFalse();
        assertThat(WebUrl.protectedInTransit(WebUrl.parse("http://127.example.org"))).isFalse();
    }
}
