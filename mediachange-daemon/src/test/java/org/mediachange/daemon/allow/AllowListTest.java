package org.mediachange.daemon.allow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allow-list as a whole: defaults, mapped addresses, and refusal of an empty list. */
class AllowListTest {

    @Test
    void defaultIsTheOriginalsNetworkPlusLoopback() throws Exception {
        AllowList d = AllowList.parse(AllowList.DEFAULT);
        assertThat(d.allows(InetAddress.getByName("192.168.10.20"))).isTrue();
        assertThat(d.allows(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(d.allows(InetAddress.getByName("::1"))).isTrue();
        assertThat(d.allows(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThat(d.allows(InetAddress.getByName("2001:db8::1"))).isFalse();
    }

    @Test
    void ipv4MappedIpv6PeerIsMatchedAsIpv4() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 192;
        mapped[13] = (byte) 168;
        mapped[14] = 1;
        mapped[15] = 2;
        InetAddress peer = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(AllowList.parse(List.of("192.168.0.0/16")).allows(peer)).isTrue();
        assertThat(AllowList.parse(List.of("10.0.0.0/8")).allows(peer)).isFalse();
    }

    @Test
    void emptyListIsRefused() {
        assertThatThrownBy(() -> AllowList.parse(List.of())).hasMessageContaining("empty");
    }

    @Test
    void describesItselfCompactly() {
        assertThat(AllowList.parse(AllowList.DEFAULT)).hasToString("192.168.0.0/16, 127.0.0.0/8, ::1/128");
    }
}
