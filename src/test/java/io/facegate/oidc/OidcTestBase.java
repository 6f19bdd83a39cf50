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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the OpenID Connect tests share: a real Tomcat on SQLite behind a trusted proxy (127.0.0.1) with two clients ({@code wiki}, confidential, and
 * {@code spa}, public), a relying party (the test, validating ID tokens with Nimbus against the JWKS) and browsers
 * (cookie jars that follow no redirect by themselves).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"server.tomcat.remoteip.trusted-proxies=127.0.0.1/32",
        "facegate.oidc.clients=[{\"clientId\":\"wiki\",\"clientSecret\":\"" + OidcTestBase.SECRET
        + "\",\"redirectUris\":[\"http://127.0.0.1:9/callback\"],\"postLogoutRedirectUris\":[\"http://127.0.0.1:9/bye\"],"
        + "\"name\":\"Team wiki\"},{\"clientId\":\"spa\",\"redirectUris\":[\"http://127.0.0.1:9/spa\"]}]"})
abstract class OidcTestBase extends WebTestBase {

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

    URI abs(String url) {
        return URI.create(url.startsWith("http") ? url : "http://127.0.0.1:" + port + url);
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    String randomString() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    Request authorizationRequest(String clientId, String redirect, String extra) throws Exception {
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

    static Map<String, String> query(String location) {
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

    static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location, status "
                + r.statusCode()));
    }

    /** Follows the app's answer through the consent page (approving) to the relying party's callback. */
    String codeFor(Browser browser, String next, Request request) throws Exception {
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

    HttpResponse<String> token(Map<String, String> form, boolean withSecret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(abs("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (withSecret) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("wiki:" + SECRET)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> redeem(String code, Request request) throws Exception {
        return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
                "code_verifier", request.verifier()), true);
    }

    /** Validates an ID token as a relying party does: JWKS signature, iss, aud, nonce, required claims. */
    JWTClaimsSet validate(String idToken, String nonce) throws Exception {
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

    String subjectOf(String username) {
        return jdbc.queryForObject("SELECT subject FROM users WHERE username = ?", String.class, username);
    }

    String registerName() throws Exception {
        String name = uniqueName();
        register(name);
        return name;
    }
}
