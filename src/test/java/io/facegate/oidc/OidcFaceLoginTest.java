package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import com.nimbusds.jwt.JWTClaimsSet;
import io.facegate.testsupport.FaceSamples;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;

/**
 * Face login inside the OpenID Connect flow, with real face images and single-frame face login
 * ({@code LIVENESS=off}; the challenge has its own tests): the face login resumes the authorization request and
 * the ID token says {@code amr=["face"]}, {@code acr=1fa}; a site asking {@code acr_values=2fa} of a password
 * session sends the browser to the face, and the login then carries both factors.
 */
@TestPropertySource(properties = "facegate.liveness=off")
class OidcFaceLoginTest extends OidcTestBase {

    private static List<FaceSamples.Person> people;

    @BeforeAll
    static void people() {
        people = FaceSamples.distinctPeople(3, 0.8); // the first faces the camera
    }

    @AfterEach
    void removeFaces() {
        removeEveryFaceId(); // one person's face may be enrolled by one account at a time
    }

    private String enrolledAccount() throws Exception {
        String name = uniqueName();
        MockHttpSession session = register(name);
        var request = multipart("/setupfaceid");
        for (int i = 0; i < 3; i++) {
            request.file(i % 2 == 0 ? new MockMultipartFile("frames", "f.png", "image/png", people.get(0).png())
                    : new MockMultipartFile("frames", "f.jpg", "image/jpeg", people.get(0).jpeg()));
        }
        var result = mvc.perform(request.param("consent", "true").session(session).with(csrf())
                .accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
        return name;
    }

    /** POST /face-login from the browser (1:1 with the user name); returns where the app says to go. */
    private String faceLogin(Browser browser, String name) throws Exception {
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

    @Test
    void faceLoginResumesTheAuthorizationAndTheIdTokenSaysFace() throws Exception {
        String name = enrolledAccount();
        Browser browser = new Browser();
        Request request = authorizationRequest("wiki", CALLBACK, "");
        assertThat(location(browser.get(request.url()))).endsWith("/login");

        String next = faceLogin(browser, name);
        assertThat(next).contains("/oauth2/authorize?");
        String code = codeFor(browser, next, request);
        JWTClaimsSet id = validate(json.readTree(redeem(code, request).body()).get("id_token").asString(),
                request.nonce());
        assertThat(id.getSubject()).isEqualTo(subjectOf(name));
        assertThat(id.getStringListClaim("amr")).containsExactly("face");
        // Liveness is off here: a face without the challenge is one factor, not face-liveness.
        assertThat(id.getStringClaim("acr")).isEqualTo("urn:facegate:acr:1fa");
    }

    @Test
    void twoFactorAcrAfterAPasswordLoginAsksForTheFaceAndGetsBoth() throws Exception {
        String name = enrolledAccount();
        Browser browser = new Browser();
        browser.login(name);
        Request request = authorizationRequest("wiki", CALLBACK, "&acr_values=urn:facegate:acr:2fa");
        HttpResponse<String> r = browser.get(request.url());
        assertThat(location(r)).endsWith("/face-login");

        String next = faceLogin(browser, name);
        assertThat(next).contains("acr_values=");
        String code = codeFor(browser, next, request);
        JWTClaimsSet id = validate(json.readTree(redeem(code, request).body()).get("id_token").asString(),
                request.nonce());
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd", "face", "mfa");
        assertThat(id.getStringClaim("acr")).isEqualTo("urn:facegate:acr:2fa");
    }
}
