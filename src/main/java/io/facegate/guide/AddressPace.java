package io.facegate.guide;

import io.facegate.web.ClientAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * How often one client address may use the pre-check on this instance: a token bucket per address of
 * {@value #BURST} checks, refilled by one every {@value #REFILL_MS} ms. The per-session gap of {@link FramePrecheck}
 * alone does not bound a script, which takes a new session (and CSRF token) for every request; this does.
 *
 * <p>Sizes: a camera page asks once every 1.5 s, so {@value #REFILL_MS} ms per check lets three pages behind one
 * address (a household or office behind NAT) check at full speed, and {@value #BURST} lets a page that was left
 * and reopened check at once. Memory is bounded: at most {@value #MAX_ADDRESSES} addresses are kept (≈ 100 bytes
 * each); an address whose bucket has refilled is the same as one never seen and is dropped when room is needed;
 * when all are in use, a new address is refused as if its bucket were empty. Per instance, in memory: with several
 * instances each keeps its own (the cost it bounds is each instance's CPU). An IPv6 client is counted by its
 * /64 network ({@link #key}), which is what one subscriber gets: a script choosing a new address of its /64 for every
 * request (a README-only tester did, with 157 of 175 requests answered 503 {@code busy} to everyone else) is one
 * client. Thread-safe.
 */
public class AddressPace {

    /** Checks one address may make at once after a pause. */
    public static final int BURST = 5;
    /** One more check per this many ms (2 per second). */
    public static final long REFILL_MS = 500;
    /** Most addresses remembered. */
    public static final int MAX_ADDRESSES = 10_000;

    /** Tokens (in ms of refill, {@code BURST * REFILL_MS} when full) as of {@code at}. */
    private record Bucket(long credit, long at) {
    }

    private final Clock clock;
    private final int maxAddresses;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /**
     * @param clock the refill's clock
     */
    public AddressPace(Clock clock) {
        this(clock, MAX_ADDRESSES);
    }

    /**
     * @param clock        the refill's clock
     * @param maxAddresses most addresses remembered (tests use a small table)
     */
    AddressPace(Clock clock, int maxAddresses) {
        this.clock = clock;
        this.maxAddresses = maxAddresses;
    }

    /**
     * Takes one check from the address's bucket.
     *
     * @param address the client's address (as the trusted proxy gives it; IPv6 counted by its /64)
     * @return whether the check may run now
     */
    public synchronized boolean take(String address) {
        String client = key(address);
        long now = clock.millis();
        long full = BURST * REFILL_MS;
        Bucket bucket = buckets.get(client);
        long credit = bucket == null ? full : Math.min(full, bucket.credit() + Math.max(0, now - bucket.at()));
        if (credit < REFILL_MS) {
            buckets.put(client, new Bucket(credit, now));
            return false;
        }
        if (bucket == null && buckets.size() >= maxAddresses && !dropRefilled(now, full)) {
            return false;
        }
        buckets.put(client, new Bucket(credit - REFILL_MS, now));
        return true;
    }

    /**
     * @param address a client address as the servlet container gives it (an IP literal)
     * @return its network ({@link ClientAddress#network}): the IPv4 address (also of an IPv4-mapped IPv6 one), the
     *         /64 of any other IPv6 address
     */
    static String key(String address) {
        return ClientAddress.network(address);
    }

    /** Drops the addresses whose buckets are full again; whether room was made. */
    private boolean dropRefilled(long now, long full) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            if (b.credit() + (now - b.at()) >= full) {
                it.remove();
            }
        }
        return buckets.size() < maxAddresses;
    }

    /** @return addresses remembered now */
    synchronized int size() {
        return buckets.size();
    }
}
