package io.facegate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code TRUSTED_PROXIES} as Tomcat's remote-address valve gets it: every plain address as its one-address range,
 * since the valve reads a value without a {@code /} as a regular expression ({@code ForwardedHeadersTest} shows a
 * list of two plain addresses trusted through HTTP).
 */
class TrustedProxiesTest {

    @Test
    void plainAddressesBecomeOneAddressRangesAndRangesStay() {
        assertThat(TrustedProxies.asRanges("127.0.0.1, ::1")).isEqualTo("127.0.0.1/32,::1/128");
        assertThat(TrustedProxies.asRanges("10.0.0.0/8,127.0.0.1")).isEqualTo("10.0.0.0/8,127.0.0.1/32");
        assertThat(TrustedProxies.asRanges("fd00::/8")).isEqualTo("fd00::/8");
        assertThat(TrustedProxies.asRanges("")).isEmpty();
    }
}
