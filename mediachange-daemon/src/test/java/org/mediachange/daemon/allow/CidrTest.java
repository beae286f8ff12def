package org.mediachange.daemon.allow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and matching of IPv4 and IPv6 networks. */
class CidrTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void ipv4NetworkMatchesItsHostsOnly() throws Exception {
        Cidr c = Cidr.parse("192.168.0.0/16");
        assertThat(c.contains(ip("192.168.0.1"))).isTrue();
        assertThat(c.contains(ip("192.168.255.254"))).isTrue();
        assertThat(c.contains(ip("192.169.0.1"))).isFalse();
        assertThat(c.contains(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void prefixThatIsNotAMultipleOfEightIsRespected() throws Exception {
        Cidr c = Cidr.parse("10.1.2.128/25");
        assertThat(c.contains(ip("10.1.2.128"))).isTrue();
        assertThat(c.contains(ip("10.1.2.255"))).isTrue();
        assertThat(c.contains(ip("10.1.2.127"))).isFalse();
    }

    @Test
    void hostBitsAreClearedSoEqualNetworksAreEqual() {
        assertThat(Cidr.parse("192.168.7.9/16")).isEqualTo(Cidr.parse("192.168.0.0/16"));
        assertThat(Cidr.parse("192.168.7.9/16")).hasToString("192.168.0.0/16");
    }

    @Test
    void bareAddressIsASingleHost() throws Exception {
        Cidr c = Cidr.parse("127.0.0.1");
        assertThat(c.prefix()).isEqualTo(32);
        assertThat(c.contains(ip("127.0.0.1"))).isTrue();
        assertThat(c.contains(ip("127.0.0.2"))).isFalse();
    }

    @Test
    void zeroPrefixMatchesEveryAddressOfItsFamily() throws Exception {
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("2001:db8::1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void ipv6NetworksMatch() throws Exception {
        Cidr c = Cidr.parse("2001:db8::/32");
        assertThat(c.contains(ip("2001:db8:1234::5"))).isTrue();
        assertThat(c.contains(ip("2001:db9::5"))).isFalse();
        assertThat(Cidr.parse("::1").contains(ip("::1"))).isTrue();
        assertThat(Cidr.parse("[fd00::]/8").contains(ip("fdab::1"))).isTrue();
    }

    @Test
    void familiesNeverMatchEachOther() throws Exception {
        assertThat(Cidr.parse("::1").contains(ip("127.0.0.1"))).isFalse();
        assertThat(Cidr.parse("127.0.0.0/8").contains(ip("::1"))).isFalse();
    }

    @Test
    void formatsCompactly() {
        assertThat(Cidr.parse("::1")).hasToString("::1/128");
        assertThat(Cidr.parse("2001:db8:0:0:1:0:0:1/128")).hasToString("2001:db8::1:0:0:1/128");
        assertThat(Cidr.parse("::/0")).hasToString("::/0");
        assertThat(Cidr.parse("fe80::/10")).hasToString("fe80::/10");
        assertThat(Cidr.parse("1:2:3:4:5:6:7:8")).hasToString("1:2:3:4:5:6:7:8/128");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "192.168.0.0/33", "192.168.0.0/", "192.168.0.0/x",
        "256.1.1.1", "1.2.3", "1.2.3.4.5", "::1/129", "2001:db8::/-1", "12345::", "1.2.3.4/8/8", "::g"})
    void badInputIsRejectedWithTheTextInTheMessage(String bad) {
        assertThatThrownBy(() -> Cidr.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + bad + "'");
    }
}
