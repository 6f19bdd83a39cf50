package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenID Connect provider end to end on a real Tomcat and SQLite: the relying party and the browser go through
 * authorization code + PKCE, the consent page, the token endpoint, userinfo, refresh and logout; then the attacks
 * the provider must stop, deletion, the cleanup, key rotation, and prompt/max_age/acr_values.
 */
class OidcFlowTest extends OidcTestBase {

    @Test
    void logOutEverywhereAndAPasswordChangeEndTheRelyingPartiesRefreshTokens() throws Exception {
        // A README-only tester's relying party kept refreshing its tokens (for up to 8 h) after the owner logged out
        // everywhere and changed the password.
        String name = uniqueName();
        register(name);
        for (String end : new String[] {"logout-all", "password"}) {
            Browser browser = new Browser();
            Request request = authorizationRequest("wiki", CALLBACK, "");
            browser.get(request.url());
            String code = codeFor(browser, browser.login(name), request);
            JsonNode tokens = json.readTree(redeem(code, request).body());
            String csrf = browser.csrf();
            HttpResponse<String> ended = browser.http.send(HttpRequest.newBuilder(abs(end.equals("logout-all")
                            ? "/account/sessions/logout-all" : "/account/password"))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("X-CSRF-TOKEN", csrf).POST(HttpRequest.BodyPublishers.ofString(end.equals("logout-all") ? ""
                            : "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + PASSWORD + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ended.statusCode()).as(end + ": " + ended.body()).isEqualTo(200);
            HttpResponse<String> refresh = token(Map.of("grant_type", "refresh_token",
                    "refresh_token", tokens.get("refresh_token").asString()), true);
            assertThat(refresh.statusCode()).as(end + ": " + refresh.body()).isEqualTo(400);
            assertThat(json.readTree(refresh.body()).get("error").asString()).isEqualTo("invalid_grant");
            HttpResponse<String> userinfo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(abs("/userinfo"))
                    .header("Authorization", "Bearer " + tokens.get("access_token").asString()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(userinfo.statusCode()).as(end).isEqualTo(401);
        }
    }

    @Test
    void passwordLoginThroughTheProviderGivesAValidIdTokenUserinfoRefreshAndLogout() throws Exception {
        String name = uniqueName();
        register(name);
        Browser browser = new Browser();
        Request request = authorizationRequest("wiki", CALLBACK, "");

        // Not logged in: the provider sends the browser to FaceGate's login page.
        HttpResponse<String> first = browser.get(request.url());
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(location(first)).endsWith("/login");

        Instant before = Instant.now().minusSeconds(1);
        String next = browser.login(name);
        Instant after = Instant.now().plusSeconds(1);
        // The login resumes the saved authorization request instead of going to /account.
        assertThat(next).contains("/oauth2/authorize?").contains("client_id=wiki");
        String code = codeFor(browser, next, request);

        HttpResponse<String> tokens = redeem(code, request);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode body = json.readTree(tokens.body());
        JWTClaimsSet id = validate(body.get("id_token").asString(), request.nonce());
        String subject = subjectOf(name);
        assertThat(id.getSubject()).isEqualTo(subject).isNotEqualTo(name).hasSize(36);
        assertThat(id.getStringClaim("preferred_username")).isEqualTo(name);
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd");
        assertThat(id.getStringClaim("acr")).isEqualTo("urn:facegate:acr:1fa");
        Instant authTime = id.getDateClaim("auth_time").toInstant();
        assertThat(authTime).isBetween(before, after);

        // userinfo with the access token.
        HttpResponse<String> userinfo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(abs("/userinfo"))
                .header("Authorization", "Bearer " + body.get("access_token").asString()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
        assertThat(json.readTree(userinfo.body()).get("sub").asString()).isEqualTo(subject);
        assertThat(json.readTree(userinfo.body()).get("preferred_username").asString()).isEqualTo(name);

        // Refresh: new tokens, the same login time (a refresh is not a login).
        HttpResponse<String> refreshed = token(Map.of("grant_type", "refresh_token",
                "refresh_token", body.get("refresh_token").asString()), true);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode renewed = json.readTree(refreshed.body());
        JWTClaimsSet again = validate(renewed.get("id_token").asString(), null);
        assertThat(again.getSubject()).isEqualTo(subject);
        assertThat(again.getDateClaim("auth_time").toInstant()).isEqualTo(
                authTime.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        // Refresh tokens rotate: the used one is refused.
        HttpResponse<String> oldRefresh = token(Map.of("grant_type", "refresh_token",
                "refresh_token", body.get("refresh_token").asString()), true);
        assertThat(oldRefresh.statusCode()).isEqualTo(400);

        // The code works once: a replay is refused, and the tokens issued with it are revoked.
        HttpResponse<String> replay = redeem(code, request);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(json.readTree(replay.body()).get("error").asString()).isEqualTo("invalid_grant");
        HttpResponse<String> afterReplay = token(Map.of("grant_type", "refresh_token",
                "refresh_token", renewed.get("refresh_token").asString()), true);
        assertThat(afterReplay.statusCode()).isEqualTo(400);

        // Consent is remembered: the next authorization goes straight back to the site.
        Request second = authorizationRequest("wiki", CALLBACK, "");
        HttpResponse<String> direct = browser.get(second.url());
        assertThat(direct.statusCode()).isEqualTo(302);
        assertThat(location(direct)).startsWith(CALLBACK + "?code=");
        JsonNode secondTokens = json.readTree(redeem(query(location(direct)).get("code"), second).body());
        assertThat(validate(secondTokens.get("id_token").asString(), second.nonce()).getSubject()).isEqualTo(subject);

        // RP-initiated logout ends the FaceGate session and returns to the registered address.
        HttpResponse<String> logout = browser.get("/connect/logout?" + encode(Map.of("id_token_hint",
                secondTokens.get("id_token").asString(), "post_logout_redirect_uri", "http://127.0.0.1:9/bye", "state", "s1")));
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(302);
        assertThat(location(logout)).isEqualTo("http://127.0.0.1:9/bye?state=s1");
        HttpResponse<String> account = browser.get("/account");
        assertThat(account.statusCode()).isEqualTo(302);
        assertThat(location(account)).endsWith("/login");
    }

    @Test
    void logoutAcceptsTheIdTokenOfBeforeARefreshButNoTokenFaceGateDidNotSign() throws Exception {
        String name = registerName();
        Browser browser = new Browser();
        JsonNode first = passwordLoginTokens(browser, name);
        HttpResponse<String> refreshed = token(Map.of("grant_type", "refresh_token",
                "refresh_token", first.get("refresh_token").asString()), true);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        String before = first.get("id_token").asString();

        // A token of the same shape signed by another key: no logout, no redirect.
        com.nimbusds.jwt.SignedJWT forged = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(
                com.nimbusds.jose.JWSAlgorithm.RS256).keyID(com.nimbusds.jwt.SignedJWT.parse(before).getHeader()
                .getKeyID()).build(), com.nimbusds.jwt.SignedJWT.parse(before).getJWTClaimsSet());
        forged.sign(new com.nimbusds.jose.crypto.RSASSASigner(new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
                .generate()));
        HttpResponse<String> refused = browser.get("/connect/logout?" + encode(Map.of("id_token_hint",
                forged.serialize(), "post_logout_redirect_uri", "http://127.0.0.1:9/bye")));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Location")).isEmpty();
        assertThat(browser.get("/account").statusCode()).isEqualTo(200);

        // The ID token the site got at the login, after the refresh replaced it: the logout goes through.
        HttpResponse<String> logout = browser.get("/connect/logout?" + encode(Map.of("id_token_hint", before,
                "post_logout_redirect_uri", "http://127.0.0.1:9/bye", "state", "s2")));
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(302);
        assertThat(location(logout)).isEqualTo("http://127.0.0.1:9/bye?state=s2");
        assertThat(location(browser.get("/account"))).endsWith("/login");
    }

    @Test
    void unknownClientAndWrongRedirectUriGetAnErrorPageNotARedirect() throws Exception {
        Browser browser = new Browser();
        browser.login(registerName());
        HttpResponse<String> unknown = browser.get(authorizationRequest("nobody", CALLBACK, "").url());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Location")).isEmpty();
        assertThat(unknown.body()).contains("The site that sent you here is not registered with FaceGate");
        HttpResponse<String> wrong = browser.get(authorizationRequest("wiki", "https://evil.example/callback", "").url());
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.headers().firstValue("Location")).isEmpty();
        assertThat(wrong.body()).contains("The return address this site asked for is not registered for it")
                .doesNotContain("href=\"https://evil.example");
        // Exact matching: a longer path on the registered host is refused too.
        HttpResponse<String> longer = browser.get(authorizationRequest("wiki", CALLBACK + "/x", "").url());
        assertThat(longer.statusCode()).isEqualTo(400);
    }

    /**
     * A token request whose client is unknown or does not authenticate gets the OAuth error JSON (RFC 6749 §5.2,
     * {@code invalid_client}, 401), whichever way it names the client: an empty 401 left a relying party's
     * developer without a reason.
     */
    @Test
    void tokenRequestsOfAnUnknownOrUnauthenticatedClientGetTheOAuthErrorJson() throws Exception {
        List<Map<String, String>> forms = List.of(
                Map.of("grant_type", "authorization_code", "code", "x", "redirect_uri", CALLBACK, "client_id", "nobody"),
                Map.of("grant_type", "authorization_code", "code", "x", "redirect_uri", CALLBACK, "client_id", "wiki"),
                Map.of("grant_type", "authorization_code", "code", "x", "redirect_uri", CALLBACK, "client_id", "nobody",
                        "client_secret", "not the secret"),
                Map.of("grant_type", "refresh_token", "refresh_token", "x"));
        for (Map<String, String> form : forms) {
            HttpResponse<String> r = token(form, false);
            assertThat(r.statusCode()).as("%s", form.keySet()).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type")).as("%s", form).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(r.body()).as("%s", form).contains("\"error\":\"invalid_client\"");
        }
    }

    @Test
    void publicClientWithoutPkceGetsNoCode() throws Exception {
        Browser browser = new Browser();
        browser.login(registerName());
        String url = "/oauth2/authorize?" + encode(Map.of("response_type", "code", "client_id", "spa",
                "redirect_uri", "http://127.0.0.1:9/spa", "scope", "openid", "state", "abc"));
        HttpResponse<String> r = browser.get(url);
        assertThat(r.statusCode()).isEqualTo(302);
        Map<String, String> params = query(location(r));
        assertThat(params).doesNotContainKey("code");
        assertThat(params.get("error")).isEqualTo("invalid_request");
    }

    @Test
    void deletedAccountsRefreshTokenIsRefusedAndUserinfoAnswers401() throws Exception {
        String name = registerName();
        Browser browser = new Browser();
        Request request = authorizationRequest("wiki", CALLBACK, "");
        browser.get(request.url());
        String code = codeFor(browser, browser.login(name), request);
        JsonNode body = json.readTree(redeem(code, request).body());
        String subject = subjectOf(name);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE principal_name = ?",
                Integer.class, subject)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization_consent WHERE principal_name = ?",
                Integer.class, subject)).isEqualTo(1);

        accounts.deleteAccount(users.findByUsernameKey(name.toLowerCase()).orElseThrow().getId());

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE principal_name = ?",
                Integer.class, subject)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization_consent WHERE principal_name = ?",
                Integer.class, subject)).isZero();
        HttpResponse<String> refresh = token(Map.of("grant_type", "refresh_token",
                "refresh_token", body.get("refresh_token").asString()), true);
        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(json.readTree(refresh.body()).get("error").asString()).isEqualTo("invalid_grant");
        HttpResponse<String> userinfo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(abs("/userinfo"))
                .header("Authorization", "Bearer " + body.get("access_token").asString()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(userinfo.statusCode()).isEqualTo(401);

        // A new account with the same user name gets a new subject and inherits no consent.
        register(name);
        assertThat(subjectOf(name)).isNotEqualTo(subject);
        Browser other = new Browser();
        Request fresh = authorizationRequest("wiki", CALLBACK, "");
        other.get(fresh.url());
        HttpResponse<String> r = other.get(other.login(name));
        assertThat(location(r)).contains("/oauth2/consent");
    }

    @Test
    void promptLoginMaxAgeZeroAndTwoFactorAcrAskForAFreshLoginBeforeAnyCode() throws Exception {
        String name = registerName();
        Browser browser = new Browser();
        browser.login(name);
        // A session with a password login is there; each of these asks for more before a code.
        for (String extra : List.of("&prompt=login", "&max_age=0")) {
            Request request = authorizationRequest("wiki", CALLBACK, extra);
            HttpResponse<String> r = browser.get(request.url());
            assertThat(r.statusCode()).as(extra).isEqualTo(302);
            assertThat(location(r)).as(extra).endsWith("/login");
            // After the fresh login the same request goes on (no loop) to the consent page or the site.
            String next = browser.login(name);
            assertThat(next).contains(extra.substring(1));
            HttpResponse<String> resumed = browser.get(next);
            assertThat(resumed.statusCode()).isEqualTo(302);
            assertThat(location(resumed)).as(extra).doesNotEndWith("/login");
        }
        Request twoFactors = authorizationRequest("wiki", CALLBACK, "&acr_values=urn:facegate:acr:2fa");
        HttpResponse<String> r = browser.get(twoFactors.url());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(location(r)).endsWith("/face-login");
        // One factor asked: the password session is enough.
        Request one = authorizationRequest("wiki", CALLBACK, "&acr_values=urn:facegate:acr:1fa");
        HttpResponse<String> ok = browser.get(one.url());
        assertThat(location(ok)).doesNotEndWith("/login").doesNotEndWith("/face-login");
    }

    @Test
    void aBrowserAppMayCallTheTokenEndpointFromItsOwnOriginOnly() throws Exception {
        // A README-only tester: the public ("browser app") client could not redeem its code from the browser: no CORS.
        HttpClient http = HttpClient.newHttpClient();
        for (String origin : List.of("http://127.0.0.1:9", "https://evil.example")) {
            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(abs("/oauth2/token"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
            boolean app = origin.startsWith("http://127.0.0.1");
            assertThat(preflight.statusCode()).as(origin).isEqualTo(app ? 200 : 403);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(origin)
                    .isEqualTo(app ? java.util.Optional.of(origin) : java.util.Optional.empty());
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).as(origin).isEmpty();
        }
        HttpResponse<String> keys = http.send(HttpRequest.newBuilder(abs("/oauth2/jwks")).header("Origin",
                "http://127.0.0.1:9").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://127.0.0.1:9");
    }

    @Test
    void promptNoneNeverGivesACodeForALoginTooOldOrTooWeak() throws Exception {
        // A README-only tester: prompt=none with max_age=0 (or max_age=1 a while later) or acr_values 2fa gave a code
        // whose ID token said acr 1fa. Without asking the user nothing can be done: login_required at the site.
        String name = registerName();
        Browser browser = new Browser();
        browser.login(name);
        Request consent = authorizationRequest("wiki", CALLBACK, ""); // the consent, given once
        codeFor(browser, consent.url(), consent);
        for (String extra : List.of("&prompt=none&max_age=0", "&prompt=none&acr_values=urn:facegate:acr:2fa")) {
            Request request = authorizationRequest("wiki", CALLBACK, extra);
            HttpResponse<String> r = browser.get(request.url());
            assertThat(r.statusCode()).as(extra).isEqualTo(302);
            Map<String, String> answer = query(location(r));
            assertThat(location(r)).as(extra).startsWith(CALLBACK + "?");
            assertThat(answer).as(extra).containsEntry("error", "login_required")
                    .containsEntry("state", request.state()).doesNotContainKey("code");
        }
        // A login good enough: prompt=none gives the code without asking.
        Request enough = authorizationRequest("wiki", CALLBACK, "&prompt=none&acr_values=urn:facegate:acr:1fa");
        HttpResponse<String> ok = browser.get(enough.url());
        assertThat(query(location(ok))).containsKey("code").doesNotContainKey("error");
        // The session keeps its login.
        assertThat(browser.get("/account").statusCode()).isEqualTo(200);
        // Without a login: login_required too, not the login page; a redirect_uri the client did not register gets
        // no redirect at all.
        Browser anonymous = new Browser();
        Request none = authorizationRequest("wiki", CALLBACK, "&prompt=none");
        HttpResponse<String> refused = anonymous.get(none.url());
        assertThat(query(location(refused))).containsEntry("error", "login_required").containsEntry("state", none.state());
        Request elsewhere = authorizationRequest("wiki", "http://attacker.example/cb", "&prompt=none");
        HttpResponse<String> notSent = anonymous.get(elsewhere.url());
        assertThat(notSent.headers().firstValue("Location").orElse("")).doesNotStartWith("http://attacker.example");
    }

    @Test
    void theCleanupDeletesAnExpiredAccountsAuthorizationsAndConsents() throws Exception {
        String name = registerName();
        Browser browser = new Browser();
        JsonNode body = passwordLoginTokens(browser, name);
        String subject = subjectOf(name);
        jdbc.update("UPDATE users SET created_at = ? WHERE subject = ?",
                java.sql.Timestamp.from(Instant.now().minus(java.time.Duration.ofHours(25))), subject);

        cleanup.run();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE subject = ?", Integer.class, subject)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE principal_name = ?",
                Integer.class, subject)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization_consent WHERE principal_name = ?",
                Integer.class, subject)).isZero();
        HttpResponse<String> refresh = token(Map.of("grant_type", "refresh_token",
                "refresh_token", body.get("refresh_token").asString()), true);
        assertThat(refresh.statusCode()).isEqualTo(400);
    }

    @Test
    void aKeyRotationKeepsTokensSignedBeforeItValid() throws Exception {
        String name = registerName();
        Browser browser = new Browser();
        Request request = authorizationRequest("wiki", CALLBACK, "");
        browser.get(request.url());
        String next = browser.login(name);
        JsonNode before = json.readTree(redeem(codeFor(browser, next, request), request).body());
        String oldToken = before.get("id_token").asString();
        String oldKid = com.nimbusds.jwt.SignedJWT.parse(oldToken).getHeader().getKeyID();

        String newKid = keys.rotate().getKeyID();

        Request again = authorizationRequest("wiki", CALLBACK, "");
        HttpResponse<String> direct = browser.get(again.url());
        JsonNode after = json.readTree(redeem(query(location(direct)).get("code"), again).body());
        String newToken = after.get("id_token").asString();
        assertThat(com.nimbusds.jwt.SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid)
                .isNotEqualTo(oldKid);
        // Both verify against the published JWKS; the private halves are never published.
        assertThat(validate(oldToken, request.nonce()).getSubject()).isEqualTo(subjectOf(name));
        assertThat(validate(newToken, again.nonce()).getSubject()).isEqualTo(subjectOf(name));
        // The old access token still works at userinfo too.
        HttpResponse<String> userinfo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(abs("/userinfo"))
                .header("Authorization", "Bearer " + before.get("access_token").asString()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(userinfo.statusCode()).isEqualTo(200);
    }


    @Test
    void behindTheTrustedProxyTheIssuerIsThePublicUrlNotTheInternalOne() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                abs("/.well-known/openid-configuration")).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "login.example.org").build(), HttpResponse.BodyHandlers.ofString());
        JsonNode discovery = json.readTree(r.body());
        assertThat(discovery.get("issuer").asString()).isEqualTo("https://login.example.org");
        assertThat(discovery.get("authorization_endpoint").asString())
                .isEqualTo("https://login.example.org/oauth2/authorize");
        // Straight to the app (no proxy headers): the address it was reached at.
        JsonNode direct = json.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                abs("/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(direct.get("issuer").asString()).isEqualTo("http://127.0.0.1:" + port);
    }

    @Test
    void forwardedHeadersFromAnAddressThatIsNotTheTrustedProxyDoNotChangeTheIssuer() throws Exception {
        // TRUSTED_PROXIES is 127.0.0.1/32 here; a client at ::1 is not that proxy and forges the headers.
        HttpResponse<String> r;
        try {
            r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://[::1]:" + port
                    + "/.well-known/openid-configuration")).header("X-Forwarded-Proto", "https")
                    .header("X-Forwarded-Host", "login.example.org").header("X-Forwarded-For", "203.0.113.9").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            Assumptions.assumeTrue(false, "Skipped: no IPv6 loopback (::1) on this machine to send from");
            return;
        }
        JsonNode discovery = json.readTree(r.body());
        assertThat(discovery.get("issuer").asString()).isEqualTo("http://[::1]:" + port);
        assertThat(discovery.get("authorization_endpoint").asString()).doesNotContain("login.example.org")
                .startsWith("http://[::1]:" + port + "/");
    }

    @Test
    void passwordFormLoginResumesTheAuthorizationAndARegistrationSessionIsNotALogin() throws Exception {
        Browser browser = new Browser();
        String name = uniqueName();
        // Registering logs the browser in, but proves no factor to a site: a code needs a real login.
        HttpResponse<String> registered = browser.http.send(HttpRequest.newBuilder(abs("/register"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", browser.csrf()).POST(HttpRequest.BodyPublishers.ofString("{\"username\":\""
                        + name + "\",\"password\":\"" + PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        Request request = authorizationRequest("wiki", CALLBACK, "");
        HttpResponse<String> first = browser.get(request.url());
        assertThat(location(first)).endsWith("/login");

        // The HTML form (not JSON): Spring Security's saved-request redirect.
        HttpResponse<String> form = browser.postForm("/login", Map.of("username", name, "password", PASSWORD,
                "_csrf", browser.csrf()));
        assertThat(form.statusCode()).isEqualTo(302);
        assertThat(location(form)).contains("/oauth2/authorize?").contains("client_id=wiki");
        String code = codeFor(browser, location(form), request);
        JWTClaimsSet id = validate(json.readTree(redeem(code, request).body()).get("id_token").asString(),
                request.nonce());
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd");
    }

    /** The wiki's authorization request, the password login in {@code browser}, and the code redeemed: the tokens. */
    private JsonNode passwordLoginTokens(Browser browser, String name) throws Exception {
        Request request = authorizationRequest("wiki", CALLBACK, "");
        browser.get(request.url());
        return json.readTree(redeem(codeFor(browser, browser.login(name), request), request).body());
    }
}
