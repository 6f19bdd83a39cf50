package io.facegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.support.WebTestBase;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Against a real Tomcat (the SameSite attribute is added by its cookie processor): the remember-me cookie is
 * {@code SameSite=Lax}, every page carries {@code Referrer-Policy: same-origin}, and {@code GET /error} asked for
 * directly answers 404, not 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResponseHardeningTest extends WebTestBase {

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String csrf() throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(uri("/api/csrf")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("token").asString();
    }

    @Test
    void theRememberMeCookieIsSameSiteLax() throws Exception {
        String name = uniqueName();
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(uri("/register"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String form = "username=" + name + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "&remember-me=true";
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", csrf()).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("remember-me="))
                .singleElement().asString().contains("SameSite=Lax").contains("HttpOnly");
    }

    @Test
    void everyPageSaysSameOriginReferrer() throws Exception {
        for (String path : new String[] {"/", "/login", "/api/csrf"}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).contains("same-origin");
        }
    }

    @Test
    void errorAskedForDirectlyIsNotFoundAndRealErrorsStillAnswer() throws Exception {
        HttpResponse<String> direct = http.send(HttpRequest.newBuilder(uri("/error"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(404);
        assertThat(json.readTree(direct.body()).get("error").asString()).isEqualTo("not_found");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(uri("/no-such-page"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isIn(401, 404);
    }
}
