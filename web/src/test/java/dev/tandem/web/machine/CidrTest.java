package dev.tandem.web.machine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CidrTest {

    private static boolean inside(String cidr, String address) {
        return Cidr.parse(cidr).orElseThrow().contains(address);
    }

    @Test
    void ipv4Networks() {
        assertThat(inside("203.0.113.0/24", "203.0.113.77")).isTrue();
        assertThat(inside("203.0.113.0/24", "203.0.114.1")).isFalse();
        assertThat(inside("10.0.0.0/12", "10.15.255.255")).isTrue();
        assertThat(inside("10.0.0.0/12", "10.16.0.0")).isFalse();
        assertThat(inside("192.0.2.5", "192.0.2.5")).isTrue();
        assertThat(inside("192.0.2.5", "192.0.2.6")).isFalse();
        assertThat(inside("0.0.0.0/0", "198.51.100.1")).isTrue();
    }

    @Test
    void ipv6NetworksAndMappedAddresses() {
        assertThat(inside("2001:db8::/32", "2001:db8:1::5")).isTrue();
        assertThat(inside("2001:db8::/32", "2001:db9::5")).isFalse();
        assertThat(inside("::1", "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(inside("203.0.113.0/24", "::ffff:203.0.113.9")).isTrue();
        assertThat(inside("2001:db8::/32", "203.0.113.9")).isFalse();
    }

    @Test
    void onlyLiteralsParse() {
        assertThat(Cidr.parse("example.com/24")).isEmpty();
        assertThat(Cidr.parse("localhost")).isEmpty();
        assertThat(Cidr.parse("203.0.113.0/33")).isEmpty();
        assertThat(Cidr.parse("203.0.113.0/-1")).isEmpty();
        assertThat(Cidr.parse("203.0.113.0/24/1")).isEmpty();
        assertThat(Cidr.parse("300.0.0.1")).isEmpty();
        assertThat(Cidr.parse(null)).isEmpty();
        assertThat(Cidr.parse("203.0.113.0/24").orElseThrow().contains("evil.example")).isFalse();
        assertThat(Cidr.parse("203.0.113.0/24").orElseThrow().contains(null)).isFalse();
    }
}
