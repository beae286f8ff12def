package org.mediachange.daemon.web.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tokens: 128 random bits in base64url, found by digest, named in logs by a fingerprint that keeps them secret. */
class LinkTokenTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void aTokenIs128RandomBitsInBase64UrlWithoutPadding() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = LinkToken.create(random);
            assertThat(t).matches("[A-Za-z0-9_-]{22}");
            assertThat(Base64.getUrlDecoder().decode(t)).hasSize(16);
            assertThat(seen.add(t)).as("token %s repeated", t).isTrue();
        }
    }

    @Test
    void theKeyIsTheDigestAndOnlyTokenShapedTextHasOne() {
        String t = LinkToken.create(random);
        assertThat(LinkToken.key(t)).hasValueSatisfying(k -> assertThat(k).matches("[0-9a-f]{64}").doesNotContain(t));
        assertThat(LinkToken.key(t)).isEqualTo(LinkToken.key(t));
        assertThat(LinkToken.key(t.substring(1))).isEmpty();
        assertThat(LinkToken.key(t + "x")).isEmpty();
        assertThat(LinkToken.key(t.substring(1) + "=")).isEmpty();
        assertThat(LinkToken.key("")).isEmpty();
    }

    @Test
    void pathsAreLoggedWithAFingerprintInsteadOfTheToken() {
        String t = LinkToken.create(random);
        String fp = LinkToken.fingerprint(t);
        assertThat(fp).matches("[0-9a-f]{8}").isEqualTo(LinkToken.key(t).orElseThrow().substring(0, 8));
        assertThat(LinkToken.redact("/a/" + t)).isEqualTo("/a/#" + fp);
        assertThat(LinkToken.redact("/a/" + t + "/info")).isEqualTo("/a/#" + fp + "/info");
        assertThat(LinkToken.redact("/a/x/" + t)).doesNotContain(t).startsWith("/a/#");
        assertThat(LinkToken.redact("/api/requests/1/answer")).isEqualTo("/api/requests/1/answer");
    }
}
