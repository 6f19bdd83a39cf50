package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import io.facegate.testsupport.FaceSamples;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;

/**
 * OpenID Connect tests with real face images and single-frame face login ({@code LIVENESS=off}; the challenge
 * has its own tests): an account with Face ID, and the browser's face login.
 */
@TestPropertySource(properties = "facegate.liveness=off")
abstract class OidcFaceTestBase extends OidcTestBase {

    /** Three distinct people of the shared data; the first faces the camera. */
    static List<FaceSamples.Person> people;

    @BeforeAll
    static void people() {
        people = FaceSamples.distinctPeople(3, 0.8); // the first faces the camera
    }

    @AfterEach
    void removeFaces() {
        removeEveryFaceId(); // one person's face may be enrolled by one account at a time
    }

    String enrolledAccount() throws Exception {
        // separate camera shots (one picture sent three times is refused as same_picture)
        return enrolledAccount(List.of(people.get(0).shot(0), people.get(0).shot(1), people.get(0).shot(2)));
    }

    /** Registers an account and sets up Face ID from these PNG frames; returns its user name. */
    String enrolledAccount(List<byte[]> pngFrames) throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        var request = multipart("/setupfaceid");
        for (int i = 0; i < pngFrames.size(); i++) {
            request.file(new MockMultipartFile("frames", "f" + i + ".png", "image/png", pngFrames.get(i)));
        }
        var result = mvc.perform(request.param("consent", "true").session(session).with(csrf())
                .accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
        return name;
    }

    /** POST /face-login from the browser (1:1 with the user name); returns where the app says to go. */
    String faceLogin(Browser browser, String name) throws Exception {
        String boundary = "----facegate-oidc";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n" + name + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"frames\"; filename=\"f.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(people.get(0).jpeg());
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = browser.http.send(HttpRequest.newBuilder(abs("/face-login"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json").header("X-CSRF-TOKEN", browser.csrf())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body()).get("redirect").asString();
    }
}
