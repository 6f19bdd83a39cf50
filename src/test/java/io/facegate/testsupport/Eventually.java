package io.facegate.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread or instance does, such as a gallery sync. */
public final class Eventually {

    private Eventually() {
    }

    /**
     * Polls the condition every 50 ms until it holds.
     *
     * @param limit     how long to wait at most
     * @param what      what is awaited, for the failure message
     * @param condition the condition
     * @throws AssertionError       if it does not hold within the limit
     * @throws InterruptedException if interrupted while waiting
     */
    public static void within(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
