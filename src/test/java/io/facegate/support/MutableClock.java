package io.facegate.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock tests can set and move; follows the system clock until set. */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    /** @param instant the time to report from now on */
    public void set(Instant instant) {
        fixed.set(instant);
    }

    /** @param step how far to move the set time */
    public void advance(Duration step) {
        fixed.updateAndGet(i -> (i == null ? Instant.now() : i).plus(step));
    }

    /** Goes back to the system clock. */
    public void reset() {
        fixed.set(null);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("FaceGate works in UTC only.");
    }

    @Override
    public Instant instant() {
        Instant i = fixed.get();
        return i == null ? Instant.now() : i;
    }
}
