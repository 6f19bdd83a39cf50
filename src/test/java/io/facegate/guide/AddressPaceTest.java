package io.facegate.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pre-check's per-address token bucket: its burst, its refill, and its bounded table. */
class AddressPaceTest {

    private final MutableClock clock = new MutableClock();
    private final Now now = new Now();

    /** Moves the clock by milliseconds. */
    private final class Now {
        void addAndGet(long ms) {
            clock.advance(Duration.ofMillis(ms));
        }
    }

    AddressPaceTest() {
        clock.set(Instant.parse("2026-01-05T10:00:00Z"));
    }

    @Test
    void anAddressGetsItsBurstThenOneCheckPerRefill() {
        AddressPace pace = new AddressPace(clock);
        for (int i = 0; i < AddressPace.BURST; i++) {
            assertThat(pace.take("203.0.113.1")).as("check %d of the burst", i + 1).isTrue();
        }
        assertThat(pace.take("203.0.113.1")).as("one more at once").isFalse();
        assertThat(pace.take("203.0.113.2")).as("another address").isTrue();
        now.addAndGet(AddressPace.REFILL_MS - 1);
        assertThat(pace.take("203.0.113.1")).as("a refill not yet complete").isFalse();
        now.addAndGet(1);
        assertThat(pace.take("203.0.113.1")).as("one refill later").isTrue();
        assertThat(pace.take("203.0.113.1")).isFalse();
        // a script asking as fast as it can gets 2 per second, whatever it does with sessions
        int allowed = 0;
        for (int ms = 0; ms < 10_000; ms += 10) {
            now.addAndGet(10);
            allowed += pace.take("203.0.113.1") ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(20);
    }

    @Test
    void aRefusedTryCostsNothingAndAPauseRefillsTheBurstOnly() {
        AddressPace pace = new AddressPace(clock);
        for (int i = 0; i < AddressPace.BURST; i++) {
            pace.take("198.51.100.9");
        }
        now.addAndGet(AddressPace.REFILL_MS / 2);
        assertThat(pace.take("198.51.100.9")).isFalse();
        now.addAndGet(AddressPace.REFILL_MS / 2);
        assertThat(pace.take("198.51.100.9")).as("the refused try kept the half refill").isTrue();
        now.addAndGet(3_600_000);
        int burst = 0;
        while (pace.take("198.51.100.9")) {
            burst++;
        }
        assertThat(burst).as("an hour's pause gives the burst, no more").isEqualTo(AddressPace.BURST);
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        AddressPace pace = new AddressPace(clock);
        // a new address of one /64 for every request: one client
        for (int i = 0; i < AddressPace.BURST; i++) {
            assertThat(pace.take("2001:db8:1:2:" + Integer.toHexString(i * 7919) + "::1")).isTrue();
        }
        assertThat(pace.take("2001:db8:1:2:ffff:ffff:ffff:ffff")).as("the same /64 once more").isFalse();
        assertThat(pace.take("2001:db8:1:3::1")).as("the next /64").isTrue();
        assertThat(AddressPace.key("2001:0db8:0001:0002:0000:0000:0000:0009")).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressPace.key("0:0:0:0:0:0:0:1")).isEqualTo("::/64");
        assertThat(AddressPace.key("203.0.113.5")).isEqualTo("203.0.113.5");
        // the same IPv4 client spelt as an IPv4-mapped IPv6 address (a second tester got two budgets so)
        assertThat(AddressPace.key("::ffff:10.9.0.1")).isEqualTo("10.9.0.1");
    }

    @Test
    void theTableIsBoundedAndMakesRoomOnlyFromRefilledAddresses() {
        AddressPace pace = new AddressPace(clock, 3);
        assertThat(pace.take("192.0.2.1")).isTrue();
        assertThat(pace.take("192.0.2.2")).isTrue();
        assertThat(pace.take("192.0.2.3")).isTrue();
        assertThat(pace.take("192.0.2.4")).as("a fourth address while three are in use").isFalse();
        assertThat(pace.size()).isEqualTo(3);
        now.addAndGet(AddressPace.REFILL_MS);
        assertThat(pace.take("192.0.2.1")).as("a known address is still served").isTrue();
        assertThat(pace.take("192.0.2.4")).as("b and c have refilled: dropped to make room").isTrue();
        assertThat(pace.size()).isEqualTo(2);
    }
}
