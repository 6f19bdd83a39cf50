package io.facegate.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * What one scenario of the load run measured.
 *
 * @param name        scenario name
 * @param clients     concurrent clients
 * @param logins      logins done (started before the end of the run and finished), errors included
 * @param errors      logins that did not end logged in
 * @param errorKinds  errors by label ({@code "429 too_many_attempts"}, …)
 * @param elapsedMs   from the start until the last login finished, ms
 * @param p50Ms       median latency of the successful logins, ms
 * @param p95Ms       95th percentile, ms
 * @param p99Ms       99th percentile, ms
 * @param maxMs       slowest, ms
 */
record ScenarioReport(String name, int clients, int logins, int errors, Map<String, Integer> errorKinds,
                      long elapsedMs, long p50Ms, long p95Ms, long p99Ms, long maxMs) {

    /**
     * @param name       scenario name
     * @param clients    concurrent clients
     * @param errors     errors
     * @param errorKinds errors by label
     * @param elapsedMs  wall time, ms
     * @param latencies  latencies of the successful logins, ms (any order; sorted here)
     * @return the report (percentiles by nearest rank; 0 without a success)
     */
    static ScenarioReport of(String name, int clients, int errors, Map<String, Integer> errorKinds, long elapsedMs,
                             long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new ScenarioReport(name, clients, sorted.length + errors, errors, Map.copyOf(errorKinds), elapsedMs,
                rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** @return logins per second over the whole run, errors included */
    double throughput() {
        return elapsedMs == 0 ? 0 : logins * 1000.0 / elapsedMs;
    }

    /** @return the column headings matching {@link #row()} */
    static String header() {
        return String.format(Locale.ROOT, "%-22s %7s %6s %6s %9s %8s %8s %8s %8s %8s", "scenario", "clients", "logins",
                "errors", "logins/s", "time s", "p50 ms", "p95 ms", "p99 ms", "max ms");
    }

    /** @return one line of figures */
    String row() {
        return String.format(Locale.ROOT, "%-22s %7d %6d %6d %9.2f %8.1f %8d %8d %8d %8d", name, clients, logins, errors,
                throughput(), elapsedMs / 1000.0, p50Ms, p95Ms, p99Ms, maxMs);
    }
}
