package io.facegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * One client, one key: the spellings a README-only tester sent through a trusted proxy's {@code X-Forwarded-For}
 * (each counted as a client of its own before, so 8 wrong passwords were never delayed), and the /64 an IPv6
 * client can pick addresses from.
 */
class ClientAddressTest {

    @Test
    void everySpellingOfOneIpv6AddressIsOne() {
        for (String spelling : new String[] {"2001:db8:9:9::1", "2001:db8:9:9:0:0:0:1",
            "2001:0db8:0009:0009:0000:0000:0000:0001", "2001:DB8:9:9::1", "[2001:db8:9:9::1]", "2001:db8:9:9::1%eth0",
            "2001:db8:9:9:0::1", "\"[2001:db8:9:9::1]:1234\"", " 2001:db8:9:9::1 "}) {
            assertThat(ClientAddress.canonical(spelling)).as(spelling).isEqualTo("2001:db8:9:9::1");
            assertThat(ClientAddress.network(spelling)).as(spelling).isEqualTo("2001:db8:9:9::/64");
        }
        assertThat(ClientAddress.canonical("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(ClientAddress.canonical("::")).isEqualTo("::");
        assertThat(ClientAddress.canonical("2001:db8:0:0:1:0:0:1")).as("the first of two equal zero runs")
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(ClientAddress.canonical("2001:db8:0:1:1:1:1:1")).as("one zero group stays").isEqualTo("2001:db8:0:1:1:1:1:1");
    }

    @Test
    void everySpellingOfOneIpv4AddressIsOne() {
        for (String spelling : new String[] {"203.0.113.7", "::ffff:203.0.113.7", "::ffff:cb00:7107",
            "0:0:0:0:0:ffff:cb00:7107", "203.0.113.07", "203.000.113.7", "203.0.113.7:8080", "[::ffff:203.0.113.7]"}) {
            assertThat(ClientAddress.canonical(spelling)).as(spelling).isEqualTo("203.0.113.7");
            assertThat(ClientAddress.network(spelling)).as(spelling).isEqualTo("203.0.113.7");
        }
    }

    @Test
    void aNewAddressOfTheSameSlash64IsTheSameNetwork() {
        assertThat(ClientAddress.network("2001:db8:42:9::1")).isEqualTo(ClientAddress.network("2001:db8:42:9:ab:cd:ef:1"))
                .isEqualTo("2001:db8:42:9::/64");
        assertThat(ClientAddress.network("2001:db8:42:a::1")).isEqualTo("2001:db8:42:a::/64");
        assertThat(ClientAddress.network("::1")).isEqualTo("::/64");
    }

    @Test
    void whatIsNotAnIpAddressIsUnknownAndNeverLookedUp() {
        for (String garbage : new String[] {null, "", "localhost", "example.com", "1:2:3", "256.1.1.1", "1.2.3",
            "1.2.3.4.5", "2001:db8::zz", "[2001:db8::1", "\"\"", "unknown", "1.2.3.-4", "12345678901234567890:1"}) {
            assertThat(ClientAddress.canonical(garbage)).as(String.valueOf(garbage)).isEqualTo(ClientAddress.UNKNOWN);
            assertThat(ClientAddress.network(garbage)).as(String.valueOf(garbage)).isEqualTo(ClientAddress.UNKNOWN);
        }
    }
}
