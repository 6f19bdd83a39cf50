package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.facegate.account.AccountService;
import io.facegate.support.WebTestBase;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenID Connect provider end to end on a real Tomcat and SQLite: a relying party (this test, with Nimbus
 * validating the ID token against the JWKS) and a browser (a cookie jar that follows no redirect by itself) go
 * through authorization code + PKCE, the consent page, the token endpoint, userinfo, refresh and logout; then the
 * attacks the provider must stop.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "facegate.oidc.clients=[{\"clientId\":\"wiki\",\"clientSecret\":\"" + OidcFlowTest.SECRET
        + "\",\"redirectUris\":[\"http://127.0.0.1:9/callback\"],\"postLogoutRedirectUris\":[\"http://127.0.0.1:9/bye\"],"
        + "\"name\":\"Team wiki\"},{\"clientId\":\"spa\",\"redirectUris\":[\"http://127.0.0.1:9/spa\"]}]")
class OidcFlowTest extends WebTestBase {

    static final String SECRET = "wiki-secret-0123456789abcdef";
    static final String CALLBACK = "http://127.0.0.1:9/callback";

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AccountService accounts;
    @Autowired
    io.facegate.cleanup.CleanupService cleanup;
    @Autowired
    SigningKeys keys;

    private final SecureRandom random = new SecureRandom();

    /** A browser: its own cookies, no automatic redirects. */
    final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(abs(url)).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        String csrf() throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(abs("/api/csrf")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return json.readTree(r.body()).get("token").asString();
        }

        HttpResponse<String> postForm(String url, Map<String, String> form) throws Exception {
            return http.send(HttpRequest.newBuilder(abs(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** JSON password login; returns where the app says to go next. */
        String login(String username) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(abs("/login"))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("X-CSRF-TOKEN", csrf())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\""
                            + PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return json.readTree(r.body()).get("redirect").asString();
        }
    }

    /** One authorization request of the relying party. */
    record Request(String url, String state, String nonce, String verifier) {
    }

    private URI abs(String url) {
        return URI.create(url.startsWith("http") ? url : "http://127.0.0.1:" + port + url);
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private String randomString() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private Request authorizationRequest(String clientId, String redirect, String extra) throws Exception {
        String state = randomString();
        String nonce = randomString();
        String verifier = randomString();
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", redirect);
        q.put("scope", "openid profile");
        q.put("state", state);
        q.put("nonce", nonce);
        q.put("code_challenge", challenge);
        q.put("code_challenge_method", "S256");
        return new Request("/oauth2/authorize?" + encode(q) + extra, state, nonce, verifier);
    }

    private static Map<String, String> query(String location) {
        String q = URI.create(location).getRawQuery();
        Map<String, String> m = new LinkedHashMap<>();
        if (q != null) {
            for (String p : q.split("&")) {
                int i = p.indexOf('=');
                m.put(URLDecoder.decode(i < 0 ? p : p.substring(0, i), StandardCharsets.UTF_8),
                        i < 0 ? "" : URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location, status "
                + r.statusCode()));
    }

    /** Follows the app's answer through the consent page (approving) to the relying party's callback. */
    private String codeFor(Browser browser, String next, Request request) throws Exception {
        HttpResponse<String> r = browser.get(next);
        if (r.statusCode() == 302 && location(r).contains("/oauth2/consent")) {
            HttpResponse<String> page = browser.get(location(r));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Team wiki");
            Matcher state = Pattern.compile("name=\"state\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(state.find()).isTrue();
            r = browser.postForm("/oauth2/authorize", Map.of("client_id", "wiki", "state", state.group(1),
                    "scope", "profile"));
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        String callback = location(r);
        assertThat(callback).startsWith(CALLBACK + "?");
        Map<String, String> params = query(callback);
        assertThat(params.get("state")).isEqualTo(request.state());
        assertThat(params).containsKey("code");
        return params.get("code");
    }

    private HttpResponse<String> token(Map<String, String> form, boolean withSecret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(abs("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (withSecret) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("wiki:" + SECRET)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> redeem(String code, Request request) throws Exception {
        return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
                "code_verifier", request.verifier()), true);
    }

    /** Validates an ID token as a relying party does: JWKS signature, iss, aud, nonce, required claims. */
    private JWTClaimsSet validate(String idToken, String nonce) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode discovery = json.readTree(http.send(HttpRequest.newBuilder(abs("/.well-known/openid-configuration"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        String issuer = discovery.get("issuer").asString();
        JWKSet keys = JWKSet.parse(http.send(HttpRequest.newBuilder(URI.create(discovery.get("jwks_uri").asString()))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(keys.getKeys()).allMatch(k -> !k.isPrivate());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder().issuer(issuer);
        if (nonce != null) {
            exact.claim("nonce", nonce);
        }
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>("wiki", exact.build(),
                Set.of("sub", "iat", "exp", "auth_time", "amr", "acr")));
        return processor.process(idToken, null);
    }

    private String subjectOf(String username) {
        return jdbc.queryForObject("SELECT subject FROM users WHERE username = ?", String.class, username);
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
    void unknownClientAndWrongRedirectUriGetAnErrorPageNotARedirect() throws Exception {
        Browser browser = new Browser();
        browser.login(registerName());
        HttpResponse<String> unknown = browser.get(authorizationRequest("nobody", CALLBACK, "").url());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Location")).isEmpty();
        HttpResponse<String> wrong = browser.get(authorizationRequest("wiki", "https://evil.example/callback", "").url());
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.headers().firstValue("Location")).isEmpty();
        // Exact matching: a longer path on the registered host is refused too.
        HttpResponse<String> longer = browser.get(authorizationRequest("wiki", CALLBACK + "/x", "").url());
        assertThat(longer.statusCode()).isEqualTo(400);
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
    void theCleanupDeletesAnExpiredAccountsAuthorizationsAndConsents() throws Exception {
        String name = registerName();
        Browser browser = new Browser();
        Request request = authorizationRequest("wiki", CALLBACK, "");
        browser.get(request.url());
        JsonNode body = json.readTree(redeem(codeFor(browser, browser.login(name), request), request).body());
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

    private String registerName() throws Exception {
        String name = uniqueName();
        register(name);
        return name;
    }
}
