package io.facegate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.support.WebTestBase;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code X-Forwarded-*} is honoured only from {@code TRUSTED_PROXIES} (here two plain addresses, 127.0.0.1 and
 * 10.0.0.1: Tomcat read such a list as a regular expression that matched nothing, a README-only tester found): a
 * request that its trusted proxy says came over TLS gets an HSTS header and Secure cookies; the same headers from
 * another address (127.0.0.2, e.g. a client reaching the app directly) change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "server.tomcat.remoteip.trusted-proxies=127.0.0.1, 10.0.0.1")
class ForwardedHeadersTest extends WebTestBase {

    @LocalServerPort
    int port;

    @Test
    void forwardedProtoCountsOnlyFromATrustedProxy() throws Exception {
        String viaProxy = get("127.0.0.1");
        assertThat(viaProxy).startsWith("HTTP/1.1 200");
        assertThat(viaProxy).containsIgnoringCase("Strict-Transport-Security: max-age=");
        assertThat(viaProxy).containsPattern("(?i)Set-Cookie: JSESSIONID=[^\\r\\n]*; Secure");

        String direct = get("127.0.0.2");
        assertThat(direct).startsWith("HTTP/1.1 200");
        assertThat(direct).doesNotContainIgnoringCase("Strict-Transport-Security");
        assertThat(direct).containsIgnoringCase("Set-Cookie: JSESSIONID=");
        assertThat(direct).doesNotContainPattern("(?i)Set-Cookie: JSESSIONID=[^\\r\\n]*; Secure");
    }

    /** GET /login with forwarded headers, from the given local address; returns the response head. */
    private String get(String from) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /login HTTP/1.1\r\nHost: facegate.example\r\nX-Forwarded-Proto: https\r\n"
                    + "X-Forwarded-For: 203.0.113.7\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n\r\n");
            return end < 0 ? response : response.substring(0, end);
        }
    }
}
