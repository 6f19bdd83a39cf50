package io.facegate.oidc;

import com.sun.net.httpserver.HttpServer;
import io.facegate.testsupport.FreePort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The relying-party site of the browser tests that redeem the code themselves: a small HTTP server on
 * {@code 127.0.0.1} and a free port whose {@code /callback} keeps the query it receives and shows a page with an
 * element {@code #site}. FaceGate knows it as the confidential client {@code wiki} ({@link #clientsJson()}). A test
 * class holds it in a static {@code @RegisterExtension} field: it runs from before the class's first test to after
 * its last.
 */
final class CallbackSite implements BeforeAllCallback, AfterAllCallback {

    private final int port = FreePort.pick();
    private final AtomicReference<String> received = new AtomicReference<>();
    private HttpServer server;

    /** @return the redirect URI, {@code http://127.0.0.1:PORT/callback} */
    String callback() {
        return "http://127.0.0.1:" + port + "/callback";
    }

    /** @return the {@code OIDC_CLIENTS} value registering the site as {@code wiki} ("Team wiki") */
    String clientsJson() {
        return "[{\"clientId\":\"wiki\",\"clientSecret\":\"" + OidcTestBase.SECRET + "\",\"redirectUris\":[\""
                + callback() + "\"],\"name\":\"Team wiki\"}]";
    }

    /**
     * Starts the server (once; later calls do nothing).
     *
     * @param context the test class
     * @throws IOException if the port is taken
     */
    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/callback", exchange -> {
            received.set(exchange.getRequestURI().getRawQuery());
            byte[] body = "<html><body><p id=\"site\">Back on the site</p></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** @return the full URL of the last callback, e.g. {@code http://127.0.0.1:PORT/callback?code=…&state=…} */
    String lastCallback() {
        return callback() + "?" + received.get();
    }

    /** @param context the test class */
    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
