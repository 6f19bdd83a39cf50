package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.facegate.FaceGateApplication;
import io.facegate.support.PostgresTestDatabase;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of the provider (two Spring contexts and Tomcats, as two processes behind a load balancer) on one
 * PostgreSQL schema, sessions in the database: the browser logs in and is given a code by the first, the site
 * redeems it and refreshes on the second; both publish the same keys; a key rotation on the second keeps the ID
 * token signed by the first valid, and the first signs with the new key at once.
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.ENV, matches = ".+",
        disabledReason = "set FACEGATE_TEST_POSTGRES_URL (as .ci/run does) to run the two-instance test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcTwoInstancesTest {

    private static final String SECRET = "two-instances-client-secret-0123";
    private static final String CALLBACK = "http://127.0.0.1:9/callback";
    private static final String ISSUER = "https://login.example.org";

    private final JsonMapper json = JsonMapper.builder().build();
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    @BeforeAll
    void startTwoInstances() {
        String url = PostgresTestDatabase.freshSchema("oidctwo");
        first = start(url);
        second = start(url);
    }

    @AfterAll
    void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {second, first}) {
            if (context != null) {
                context.close();
            }
        }
    }

    private static ConfigurableApplicationContext start(String databaseUrl) {
        return new SpringApplicationBuilder(FaceGateApplication.class, WebTestBase.ClockConfig.class)
                .run("--server.port=0", "--facegate.database-url=" + databaseUrl,
                        "--facegate.secret-key=shared-secret-of-both-instances",
                        "--facegate.oidc.issuer=" + ISSUER,
                        "--facegate.oidc.clients=[{\"clientId\":\"wiki\",\"clientSecret\":\"" + SECRET
                                + "\",\"redirectUris\":[\"" + CALLBACK + "\"]}]",
                        "--facegate.password.pbkdf2-iterations=1000", "--facegate.cleanup.enabled=false",
                        "--spring.main.banner-mode=off", "--facegate.liveness=off");
    }

    private static String base(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(String location) {
        Map<String, String> m = new LinkedHashMap<>();
        String q = URI.create(location).getRawQuery();
        for (String p : q.split("&")) {
            int i = p.indexOf('=');
            m.put(p.substring(0, i), URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> token(ConfigurableApplicationContext on, Map<String, String> form) throws Exception {
        return send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(base(on) + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("wiki:" + SECRET)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
    }

    private JWTClaimsSet verify(ConfigurableApplicationContext jwksFrom, String idToken) throws Exception {
        JWKSet keys = JWKSet.parse(send(HttpClient.newHttpClient(), HttpRequest.newBuilder(
                URI.create(base(jwksFrom) + "/oauth2/jwks")).build()).body());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        return processor.process(idToken, null);
    }

    /** Browser on {@code on}: registers, starts an authorization, logs in, consents; returns the code. */
    private String[] codeFrom(ConfigurableApplicationContext on, HttpClient browser, String name) throws Exception {
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]) + name;
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = base(on) + "/oauth2/authorize?" + encode(Map.of("response_type", "code",
                "client_id", "wiki", "redirect_uri", CALLBACK, "scope", "openid profile", "state", "st",
                "nonce", "n0", "code_challenge", challenge, "code_challenge_method", "S256"));
        send(browser, HttpRequest.newBuilder(URI.create(authorize)).header("Accept", "text/html").build());
        String csrf = json.readTree(send(browser, HttpRequest.newBuilder(URI.create(base(on) + "/api/csrf")).build())
                .body()).get("token").asString();
        HttpResponse<String> login = send(browser, HttpRequest.newBuilder(URI.create(base(on) + "/login"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", csrf).POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name
                        + "\",\"password\":\"" + WebTestBase.PASSWORD + "\"}")).build());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String next = json.readTree(login.body()).get("redirect").asString();
        HttpResponse<String> r = send(browser, HttpRequest.newBuilder(URI.create(next.startsWith("http") ? next
                : base(on) + next)).header("Accept", "text/html").build());
        String consent = r.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> page = send(browser, HttpRequest.newBuilder(URI.create(consent.startsWith("http")
                ? consent : base(on) + consent)).header("Accept", "text/html").build());
        Matcher state = Pattern.compile("name=\"state\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(state.find()).as(page.body()).isTrue();
        HttpResponse<String> back = send(browser, HttpRequest.newBuilder(URI.create(base(on) + "/oauth2/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers
                        .ofString(encode(Map.of("client_id", "wiki", "state", state.group(1), "scope", "profile"))))
                .build());
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(CALLBACK);
        return new String[] {query(callback).get("code"), verifier};
    }

    @Test
    void aCodeFromOneInstanceIsRedeemedOnTheOtherWithSharedKeys() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String name = "oidc2" + Long.toString(System.nanoTime() % 1_000_000, 36);
        String csrf = json.readTree(send(browser, HttpRequest.newBuilder(URI.create(base(second) + "/api/csrf"))
                .build()).body()).get("token").asString();
        HttpResponse<String> registered = send(browser, HttpRequest.newBuilder(URI.create(base(second) + "/register"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", csrf).POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name
                        + "\",\"password\":\"" + WebTestBase.PASSWORD + "\"}")).build());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

        String[] code = codeFrom(first, browser, name);
        HttpResponse<String> tokens = token(second, Map.of("grant_type", "authorization_code", "code", code[0],
                "redirect_uri", CALLBACK, "code_verifier", code[1]));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode body = json.readTree(tokens.body());
        String idToken = body.get("id_token").asString();
        // Signed by the second, verified with the first's JWKS: the keys are shared. The issuer is OIDC_ISSUER.
        JWTClaimsSet claims = verify(first, idToken);
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo(name);
        JsonNode discovery = json.readTree(send(HttpClient.newHttpClient(), HttpRequest.newBuilder(
                URI.create(base(first) + "/.well-known/openid-configuration")).build()).body());
        assertThat(discovery.get("issuer").asString()).isEqualTo(ISSUER);

        // Refresh on the first.
        HttpResponse<String> refreshed = token(first, Map.of("grant_type", "refresh_token",
                "refresh_token", body.get("refresh_token").asString()));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);

        // Rotation on the second: the first signs with the new key at once, and the old token still verifies.
        String newKid = second.getBean(SigningKeys.class).rotate().getKeyID();
        HttpResponse<String> again = token(first, Map.of("grant_type", "refresh_token",
                "refresh_token", json.readTree(refreshed.body()).get("refresh_token").asString()));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        String newToken = json.readTree(again.body()).get("id_token").asString();
        assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid);
        assertThat(verify(second, idToken).getSubject()).isEqualTo(claims.getSubject());
        assertThat(verify(first, newToken).getSubject()).isEqualTo(claims.getSubject());
    }
}
