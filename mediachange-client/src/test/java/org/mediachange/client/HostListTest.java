package org.mediachange.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mediachange.client.ClientRun.lines;
import static org.mediachange.client.ClientRun.run;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HOST argument: one daemon or several, each in one of the forms
 * {@code name}, {@code name:PORT}, {@code [IPv6]}, {@code [IPv6]:PORT} or a bare
 * IPv6 address; what is refused, and how the command line reports it.
 */
class HostListTest {

    private static List<Target> parse(String hosts) {
        return HostList.parse(hosts, 8979);
    }

    @Test
    void oneNameTakesTheDefaultPort() {
        assertThat(parse("console")).containsExactly(new Target("console", 8979));
        assertThat(HostList.parse("console", 18979)).containsExactly(new Target("console", 18979));
    }

    @Test
    void eachElementMayCarryItsOwnPort() {
        assertThat(parse("ops-room:8980,night-desk,192.0.2.7:1,[2001:db8::7]:65535,[::1],::1,fe80::1%eth0"))
                .containsExactly(new Target("ops-room", 8980), new Target("night-desk", 8979),
                        new Target("192.0.2.7", 1), new Target("2001:db8::7", 65535), new Target("::1", 8979),
                        new Target("fe80::1%eth0", 8979));
    }

    @Test
    void blanksAroundElementsAreIgnored() {
        assertThat(parse(" ops , night:1 ")).containsExactly(new Target("ops", 8979), new Target("night", 1));
    }

    @Test
    void theSameHostAndPortIsAskedOnce() {
        assertThat(parse("ops,OPS,ops:8979,ops:8980,[::1],::1")).containsExactly(new Target("ops", 8979),
                new Target("ops", 8980), new Target("::1", 8979));
    }

    @Test
    void labelsPutIpv6AddressesInBrackets() {
        assertThat(parse("::1,ops:1").stream().map(Target::label).toList()).containsExactly("[::1]:8979", "ops:1");
    }

    @Test
    void atMostSixteenHosts() {
        StringBuilder sixteen = new StringBuilder("h0");
        for (int i = 1; i < HostList.MAX_HOSTS; i++) {
            sixteen.append(",h").append(i);
        }
        assertThat(parse(sixteen.toString())).hasSize(16);
        // Repeats do not count.
        assertThat(parse(sixteen + ",h0,H1")).hasSize(16);
        assertThatThrownBy(() -> parse(sixteen + ",h16")).isInstanceOf(HostList.Invalid.class)
                .hasMessage("more than 16 hosts in the HOST list");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                 | HOST is empty",
        "\" \"                | HOST is empty",
        "a,,b               | empty host name in the HOST list 'a,,b'",
        "a,                 | empty host name in the HOST list 'a,'",
        ",a                 | empty host name in the HOST list ',a'",
        "a, ,b              | empty host name in the HOST list 'a, ,b'",
        "ops:               | 'ops:': '' is not a port number (1-65535)",
        "ops:0              | 'ops:0': '0' is not a port number (1-65535)",
        "ops:65536          | 'ops:65536': '65536' is not a port number (1-65535)",
        "ops:http           | 'ops:http': 'http' is not a port number (1-65535)",
        "ops:+80            | 'ops:+80': '+80' is not a port number (1-65535)",
        "ops:123456         | 'ops:123456': '123456' is not a port number (1-65535)",
        ":8979              | ':8979': no host name before ':'",
        "ops:80:90          | 'ops:80:90' is neither a host name, HOST:PORT nor an IPv6 address"
            + " (write an IPv6 address with a port as [ADDRESS]:PORT)",
        "1:2:3              | '1:2:3': '1:2:3' is not a valid IPv6 address",
        "fe80::1::2         | 'fe80::1::2': 'fe80::1::2' is not a valid IPv6 address",
        "[::1               | '[::1': no ']' after the IPv6 address",
        "[]                 | '[]': only IPv6 addresses go in brackets",
        "[192.0.2.7]:80     | '[192.0.2.7]:80': only IPv6 addresses go in brackets",
        "[ops]              | '[ops]': only IPv6 addresses go in brackets",
        "[::1]80            | '[::1]80': expected ':PORT' after ']'",
        "[::1]:             | '[::1]:': '' is not a port number (1-65535)",
        "[::1]:99999        | '[::1]:99999': '99999' is not a port number (1-65535)",
        "[ops:1]            | '[ops:1]' is neither a host name, HOST:PORT nor an IPv6 address"
            + " (write an IPv6 address with a port as [ADDRESS]:PORT)",
        "[::1%]             | '[::1%]' is neither a host name, HOST:PORT nor an IPv6 address"
            + " (write an IPv6 address with a port as [ADDRESS]:PORT)",
        "good,ops:x         | 'ops:x': 'x' is not a port number (1-65535)",
    })
    void badElementsAreRefusedNamingTheElement(String hosts, String message) {
        assertThatThrownBy(() -> parse(hosts)).isInstanceOf(HostList.Invalid.class).hasMessage(message);
    }

    @Test
    void aBadHostListIsAUsageErrorNamingTheElement() {
        assertThat(run("ops,night:http", "Load tape set B")).isEqualTo(new ClientRun(2, "",
                lines("mediachangec: 'night:http': 'http' is not a port number (1-65535)"
                        + " (see 'mediachangec --help')")));
        assertThat(run("--retry-for", "1m", "-q", "a,,b", "Load tape set B")).isEqualTo(new ClientRun(2, "",
                lines("mediachangec: empty host name in the HOST list 'a,,b' (see 'mediachangec --help')")));
    }

    @Test
    void aBadHostIsReportedBeforeStandardInputIsRead() {
        assertThat(ClientRun.runWithStdin("", "ops:0", "-")).isEqualTo(new ClientRun(2, "",
                lines("mediachangec: 'ops:0': '0' is not a port number (1-65535) (see 'mediachangec --help')")));
    }

    @Test
    void controlCharactersInARefusedElementAreEscaped() {
        assertThat(run("ops:\u001B[2J", "m")).isEqualTo(new ClientRun(2, "",
                lines("mediachangec: 'ops:\\x1B[2J': '\\x1B[2J' is not a port number (1-65535)"
                        + " (see 'mediachangec --help')")));
    }
}
