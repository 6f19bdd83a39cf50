package io.facegate.cli;

import java.util.Arrays;

/**
 * Summary of timings.
 *
 * @param count  number of samples
 * @param median median in ms (mean of the two middle samples when the count is even)
 * @param p95    95th percentile in ms, nearest-rank: the ⌈0.95·n⌉-th smallest sample
 * @param mean   mean in ms
 */
public record Stats(int count, double median, double p95, double mean) {

    /**
     * @param samplesMs samples in ms (at least one)
     * @return their summary
     */
    public static Stats of(double[] samplesMs) {
        if (samplesMs.length == 0) {
            throw new IllegalArgumentException("No samples");
        }
        double[] s = samplesMs.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        double p95 = s[(int) Math.ceil(0.95 * n) - 1];
        return new Stats(n, median, p95, Arrays.stream(s).average().orElseThrow());
    }
}
