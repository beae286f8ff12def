package org.mediachange.common.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Signed requests and answers: what verifies, and every way a forgery or replay does not. */
class AuthProtocolTest {

    private static final SharedKey KEY = SharedKey.of("0123456789abcdef0123456789abcdef".getBytes(UTF_8));
    private static final SharedKey OTHER = SharedKey.of("fedcba9876543210fedcba9876543210".getBytes(UTF_8));
    private static final long NOW = 1_790_000_000_000L;

    @Test
    void signedRequestRoundTripsAndVerifies() {
        AuthProtocol.SignedRequest r = AuthProtocol.sign(KEY, "Mount volume 3 ü", NOW);
        AuthProtocol.SignedRequest parsed = AuthProtocol.parseRequest(r.toLine()).orElseThrow();
        assertThat(parsed).isEqualTo(r);
        assertThat(parsed.macValid(KEY)).isTrue();
        assertThat(parsed.macValid(OTHER)).isFalse();
        assertThat(r.nonce()).matches("[0-9a-f]{32}").isNotEqualTo(AuthProtocol.sign(KEY, "x", NOW).nonce());
    }

    @Test
    void changingAnyPartBreaksTheMac() {
        AuthProtocol.SignedRequest r = AuthProtocol.sign(KEY, "Mount volume 3", NOW);
        assertThat(new AuthProtocol.SignedRequest(r.millis(), r.nonce(), r.mac(), "Mount volume 4").macValid(KEY))
                .isFalse();
        assertThat(new AuthProtocol.SignedRequest(r.millis() + 1, r.nonce(), r.mac(), r.message()).macValid(KEY))
                .isFalse();
        String otherNonce = "0".repeat(32);
        assertThat(new AuthProtocol.SignedRequest(r.millis(), otherNonce, r.mac(), r.message()).macValid(KEY))
                .isFalse();
    }

    @Test
    void freshnessAllowsAMinuteEitherWay() {
        AuthProtocol.SignedRequest r = AuthProtocol.sign(KEY, "m", NOW);
        assertThat(r.fresh(NOW + 60_000)).isTrue();
        assertThat(r.fresh(NOW - 60_000)).isTrue();
        assertThat(r.fresh(NOW + 60_001)).isFalse();
        assertThat(r.fresh(NOW - 60_001)).isFalse();
    }

    @Test
    void answerVerifiesOnlyForItsOwnRequestAndText() {
        AuthProtocol.SignedRequest r = AuthProtocol.sign(KEY, "m", NOW);
        AuthProtocol.SignedRequest other = AuthProtocol.sign(KEY, "m", NOW);
        String ok = AuthProtocol.signAnswer(KEY, r, "Ok");
        assertThat(AuthProtocol.verifyAnswer(KEY, r, ok)).contains("Ok");
        assertThat(AuthProtocol.verifyAnswer(KEY, other, ok)).isEmpty();
        assertThat(AuthProtocol.verifyAnswer(OTHER, r, ok)).isEmpty();
        assertThat(AuthProtocol.verifyAnswer(KEY, r, ok.replace(" Ok", " Cancel"))).isEmpty();
        assertThat(AuthProtocol.verifyAnswer(KEY, r, "Ok")).isEmpty();
    }

    @Test
    void plainLinesAreNotSignedRequests() {
        assertThat(AuthProtocol.parseRequest("Mount volume 3")).isEmpty();
        assertThat(AuthProtocol.parseRequest("MCAUTH1 12 nothex nothex msg")).isEmpty();
        assertThat(AuthProtocol.looksAuthenticated("MCAUTH1 anything")).isTrue();
        assertThat(AuthProtocol.looksAuthenticated("MCAUTH1x")).isFalse();
    }
}
