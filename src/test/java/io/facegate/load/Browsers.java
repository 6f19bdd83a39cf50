package io.facegate.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

/**
 * Opens fresh browsers against the app. With {@code forwarded}, each client gets its own address from the
 * documentation ranges 203.0.113.0/24 and 198.51.100.0/24 (RFC 5737), sent in {@code X-Forwarded-For} as a
 * trusted proxy in front of the app would (the app must trust 127.0.0.1: {@code TRUSTED_PROXIES}); without it,
 * every client is 127.0.0.1.
 *
 * @param http      shared HTTP client
 * @param base      the app's address
 * @param json      JSON reader
 * @param timeout   longest wait for one answer
 * @param forwarded whether clients have addresses of their own
 */
record Browsers(HttpClient http, URI base, JsonMapper json, Duration timeout, boolean forwarded) {

    /** Most clients with an address of their own. */
    static final int MAX_ADDRESSES = 2 * 254;

    /**
     * @param client client number, 0-based
     * @return a browser with no cookies yet
     */
    Browser open(int client) {
        return new Browser(http, base, forwarded ? address(client) : null, json, timeout);
    }

    /**
     * @param client client number, 0-based, below {@link #MAX_ADDRESSES}
     * @return its address
     */
    static String address(int client) {
        if (client < 0 || client >= MAX_ADDRESSES) {
            throw new IllegalArgumentException("At most " + MAX_ADDRESSES + " clients have addresses of their own.");
        }
        return client < 254 ? "203.0.113." + (client + 1) : "198.51.100." + (client - 253);
    }
}
