package io.facegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsTest {

    /** 1..20 ms shuffled: median (10+11)/2 = 10.5; p95 nearest rank = 19th smallest = 19; mean 10.5. */
    @Test
    void medianAndNearestRankP95() {
        double[] ms = {20, 3, 7, 1, 15, 9, 2, 18, 11, 5, 13, 4, 19, 6, 10, 17, 8, 12, 16, 14};
        Stats s = Stats.of(ms);
        assertThat(s.count()).isEqualTo(20);
        assertThat(s.median()).isEqualTo(10.5);
        assertThat(s.p95()).isEqualTo(19);
        assertThat(s.mean()).isEqualTo(10.5);
    }

    @Test
    void oddCountAndSingleSample() {
        assertThat(Stats.of(new double[] {5, 1, 3}).median()).isEqualTo(3);
        assertThat(Stats.of(new double[] {5, 1, 3}).p95()).isEqualTo(5);
        assertThat(Stats.of(new double[] {4}).p95()).isEqualTo(4);
    }
}
