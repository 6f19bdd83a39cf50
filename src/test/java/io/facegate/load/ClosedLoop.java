package io.facegate.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link LoginFlow} from a number of clients at once, each starting its next login as soon as its last one
 * ended, until the run's time is up; logins started before then are waited for and counted.
 */
final class ClosedLoop {

    /** How many failures of each kind are printed with their detail. */
    private static final int DETAILS_PER_KIND = 3;

    private final int clients;
    private final Duration duration;
    private final PrintStream log;

    /**
     * @param clients  concurrent clients
     * @param duration how long new logins are started, from the start of the run (s)
     * @param log      where the first failures of each kind are printed
     */
    ClosedLoop(int clients, Duration duration, PrintStream log) {
        this.clients = clients;
        this.duration = duration;
        this.log = log;
    }

    /**
     * @param name scenario name
     * @param flow the login to repeat
     * @return what was measured
     */
    ScenarioReport run(String name, LoginFlow flow) throws InterruptedException {
        Map<String, Integer> kinds = new ConcurrentHashMap<>();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                long[] latencies = new long[64];
                int done = 0;
                for (int i = 0; System.nanoTime() < end; i++) {
                    long t0 = System.nanoTime();
                    try {
                        flow.login(client, i);
                        if (done == latencies.length) {
                            latencies = Arrays.copyOf(latencies, done * 2);
                        }
                        latencies[done++] = (System.nanoTime() - t0) / 1_000_000;
                    } catch (LoginFailure f) {
                        failed(name, client, i, f.kind(), f.getMessage(), errors, kinds);
                    } catch (RuntimeException e) {
                        failed(name, client, i, "client " + e.getClass().getSimpleName(), e.toString(), errors, kinds);
                    }
                }
                return Arrays.copyOf(latencies, done);
            }));
        }
        pool.shutdown();
        List<long[]> perClient = new ArrayList<>();
        for (Future<long[]> f : futures) {
            try {
                perClient.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("A client stopped: " + e.getCause(), e.getCause());
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
        return ScenarioReport.of(name, clients, errors.get(), kinds, elapsedMs, all);
    }

    private void failed(String name, int client, int login, String kind, String detail, AtomicInteger errors,
                        Map<String, Integer> kinds) {
        errors.incrementAndGet();
        if (kinds.merge(kind, 1, Integer::sum) <= DETAILS_PER_KIND) {
            log.printf("  %s: client %d, login %d failed: %s (%s)%n", name, client, login, kind, detail);
        }
    }
}
