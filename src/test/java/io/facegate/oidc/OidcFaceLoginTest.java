package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Face login inside the OpenID Connect flow: the face login resumes the authorization request and the ID token
 * says {@code amr=["face"]}, {@code acr=1fa} (liveness off); a site asking {@code acr_values=2fa} of a password
 * session sends the browser to the face, and the login then carries both factors.
 */
class OidcFaceLoginTest extends OidcFaceTestBase {

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
