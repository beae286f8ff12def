package org.mediachange.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Addresses as text: dotted quads, and IPv6 as RFC 5952 writes it. */
class AddressesTest {

    private static String format(String literal) throws Exception {
        return Addresses.format(InetAddress.getByName(literal));
    }

    @Test
    void ipv4IsADottedQuad() throws Exception {
        assertThat(format("192.168.1.5")).isEqualTo("192.168.1.5");
        assertThat(Addresses.format(new byte[] {(byte) 255, 0, 0, 1})).isEqualTo("255.0.0.1");
    }

    @Test
    void ipv6IsCompactWithTheLongestZeroRunShortened() throws Exception {
        assertThat(format("::1")).isEqualTo("::1");
        assertThat(format("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(format("2001:0db8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
        assertThat(format("1:2:3:4:5:6:7:8")).isEqualTo("1:2:3:4:5:6:7:8");
        assertThat(Addresses.format(new byte[16])).isEqualTo("::");
    }

    @Test
    void aSingleZeroGroupIsNotShortened() throws Exception {
        assertThat(format("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
    }
}
