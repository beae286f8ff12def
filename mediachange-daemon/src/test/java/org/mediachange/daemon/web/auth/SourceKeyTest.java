package org.mediachange.daemon.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** What the throttles count as one source. */
class SourceKeyTest {

    private static SourceKey key(String address, GuessLimits limits) throws Exception {
        return SourceKey.of(InetAddress.getByName(address), limits);
    }

    @Test
    void ipv4IsPerAddressAndLoopbackIsOne() throws Exception {
        assertThat(key("192.0.2.7", GuessLimits.DEFAULT)).hasToString("192.0.2.7");
        assertThat(key("127.0.0.1", GuessLimits.DEFAULT)).isEqualTo(key("127.45.6.7", GuessLimits.DEFAULT))
                .isEqualTo(key("::1", GuessLimits.DEFAULT)).hasToString("loopback");
        assertThat(key("127.0.0.2", GuessLimits.DEFAULT.withLoopbackAsOne(false))).hasToString("127.0.0.2");
    }

    @Test
    void ipv6IsPerNetworkOfThePrefix() throws Exception {
        assertThat(key("2001:db8:1:2:aaaa::1", GuessLimits.DEFAULT)).isEqualTo(key("2001:db8:1:2:ffff:1:2:3",
                GuessLimits.DEFAULT)).hasToString("2001:db8:1:2::/64");
        assertThat(key("2001:db8:1:3::1", GuessLimits.DEFAULT)).isNotEqualTo(key("2001:db8:1:2::1",
                GuessLimits.DEFAULT));
        assertThat(key("2001:db8:1:2::1", GuessLimits.DEFAULT.withIpv6Prefix(48)))
                .isEqualTo(key("2001:db8:1:ffff::9", GuessLimits.DEFAULT.withIpv6Prefix(48)))
                .hasToString("2001:db8:1::/48");
        assertThat(key("2001:db8::1", GuessLimits.DEFAULT.withIpv6Prefix(128))).hasToString("2001:db8::1");
        assertThat(key("2001:db8:0:0:1::1", GuessLimits.DEFAULT.withIpv6Prefix(67)))
                .isEqualTo(key("2001:db8:0:0:1fff::", GuessLimits.DEFAULT.withIpv6Prefix(67)));
        // An IPv4-mapped address is the IPv4 address.
        assertThat(key("::ffff:192.0.2.7", GuessLimits.DEFAULT)).hasToString("192.0.2.7");
    }
}
