package io.facegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.support.WebTestBase;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The script flows of the README against a real Tomcat on a random port, with a cookie jar. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RealServerTest extends WebTestBase {

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    private String csrfToken() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/csrf")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asString();
    }

    /** Sends one raw HTTP/1.1 request (the JDK client will not set {@code Host}) and returns the head. */
    private String rawHead(String path, String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
        }
    }

    @Test
    void redirectsAreRelativeSoAForgedHostHeaderGoesNowhere() throws Exception {
        String head = rawHead("/account", "evil.example");
        assertThat(head).startsWith("HTTP/1.1 302");
        assertThat(head).containsIgnoringCase("\r\nLocation: /login\r\n").doesNotContain("evil.example");
        // Redirects the app makes itself (after logout, for example) are relative too.
        assertThat(rawHead("/setupfaceid", "evil.example:8080")).doesNotContain("evil.example");
    }

    @Test
    void scriptRegistersWithCsrfFromApiAndGetsANewSessionId() throws Exception {
        String token = csrfToken();
        String before = sessionCookie();
        assertThat(before).isNotNull();
        String name = uniqueName();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/register"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(sessionCookie()).isNotEqualTo(before);

        HttpResponse<String> account = http.send(HttpRequest.newBuilder(uri("/account"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(account.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(account.body());
        assertThat(body.get("username").asString()).isEqualTo(name);

        // The old token was replaced at login: a POST with it is refused; a fresh one works.
        HttpResponse<String> stale = http.send(HttpRequest.newBuilder(uri("/logout"))
                .header("Accept", "application/json").header("X-CSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stale.statusCode()).isEqualTo(403);
        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(uri("/logout"))
                .header("Accept", "application/json").header("X-CSRF-TOKEN", csrfToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(200);
    }

    @Test
    void multipartUploadPassesCsrfWithTheHeader() throws Exception {
        String boundary = "----facegate-test";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"frames\"; filename=\"f.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(TestImages.png(4, 4));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/face-login"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        HttpResponse<String> without = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(403);
        HttpResponse<String> with = http.send(request.header("X-CSRF-TOKEN", csrfToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        // Past CSRF, face login (liveness active by default) asks for its challenge's nonce first.
        assertThat(with.statusCode()).isEqualTo(400);
        assertThat(json.readTree(with.body()).get("error").asString()).isEqualTo("challenge_required");
        assertThat(json.readTree(with.body()).get("message").asString()).isNotBlank();
    }

    @Test
    void aThirtyMegabyteUploadIsRefusedWith413AndAMessage() throws Exception {
        String boundary = "----facegate-big";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"frames\"; filename=\"big.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(TestImages.png(4, 4));
        body.write(new byte[30 * 1024 * 1024]);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/face-login"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .header("X-CSRF-TOKEN", csrfToken())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json.readTree(r.body()).get("message").asString()).isNotBlank();
    }

    @Test
    void browserAssetsAreServedWithTheirTypes() throws Exception {
        HttpResponse<Void> wasm = http.send(HttpRequest.newBuilder(uri("/vendor/tfjs-backend-wasm.wasm"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(wasm.statusCode()).isEqualTo(200);
        assertThat(wasm.headers().firstValue("Content-Type")).hasValue("application/wasm");
        for (String path : new String[] {"/vendor/face-api.js", "/models/tiny_face_detector_model-weights_manifest.json",
                "/models/face_landmark_68_model-weights_manifest.json", "/js/camera.js", "/css/style.css"}) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri(path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).get("status").asString()).isEqualTo("UP");
    }
}
