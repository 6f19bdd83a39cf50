package io.facegate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A TCP port free at the time of asking, for a server a test must name before it starts. */
public final class FreePort {

    private FreePort() {
    }

    /**
     * @return a port the operating system had free a moment ago (it picks it for a socket on port 0)
     * @throws UncheckedIOException if no socket can be opened
     */
    public static int pick() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
