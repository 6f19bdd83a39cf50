package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code FACE_MODE=second-factor} inside the OpenID Connect flow: the password step leaves the session waiting for
 * the face, the face step resumes the authorization request, and the ID token carries both factors.
 */
@TestPropertySource(properties = "facegate.face.mode=second-factor")
class OidcSecondFactorTest extends OidcFaceTestBase {

    @Test
    void passwordThenFaceResumesTheAuthorizationWithTwoFactors() throws Exception {
        String name = enrolledAccount();
        Browser browser = new Browser();
        Request request = authorizationRequest("wiki", CALLBACK, "");
        assertThat(location(browser.get(request.url()))).endsWith("/login");

        // The password alone does not log in an account with Face ID here: the face step is next.
        assertThat(browser.login(name)).isEqualTo("/face-login");
        assertThat(location(browser.get(request.url()))).endsWith("/login");

        String next = faceLogin(browser, name);
        assertThat(next).contains("/oauth2/authorize?");
        String code = codeFor(browser, next, request);
        JWTClaimsSet id = validate(json.readTree(redeem(code, request).body()).get("id_token").asString(),
                request.nonce());
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd", "face", "mfa");
        assertThat(id.getStringClaim("acr")).isEqualTo("urn:facegate:acr:2fa");
    }
}
