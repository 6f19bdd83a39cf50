package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OpenID Connect flow driven from outside by {@code openid-client} (npm, pinned in package.json), an
 * independent, OpenID-certified relying-party library: {@code scripts/oidc-relying-party.mjs} runs with Node
 * against this FaceGate for a confidential and a public client (discovery, PKCE, the browser's login and consent,
 * code exchange with the library's ID token checks, userinfo, refresh, RP-initiated logout), and fails with a
 * sentence when FaceGate refuses. Needs {@code node} and the installed npm packages (the build installs them);
 * skipped without them, failed without them when {@code CI=true}.
 */
class OpenIdClientRelyingPartyTest extends OidcTestBase {

    private static final String SCRIPT = "scripts/oidc-relying-party.mjs";
    private static final String SITE_SECRET = "node-site-secret-0123456789abcdef";

    @DynamicPropertySource
    static void nodeClients(DynamicPropertyRegistry registry) {
        registry.add("facegate.oidc.clients", () -> "[{\"clientId\":\"node-site\",\"clientSecret\":\"" + SITE_SECRET
                + "\",\"redirectUris\":[\"http://127.0.0.1:9/site/callback\"],"
                + "\"postLogoutRedirectUris\":[\"http://127.0.0.1:9/site/bye\"],\"name\":\"Node site\"},"
                + "{\"clientId\":\"node-spa\",\"redirectUris\":[\"http://127.0.0.1:9/spa/callback\"],"
                + "\"postLogoutRedirectUris\":[\"http://127.0.0.1:9/spa/bye\"],\"name\":\"Node app\"}]");
    }

    @BeforeAll
    static void needsNodeAndOpenIdClient() {
        String missing = null;
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                missing = "node does not run";
            }
        } catch (IOException | InterruptedException e) {
            missing = "node is not on the PATH (" + e.getMessage() + ")";
        }
        if (missing == null && !Files.isRegularFile(Path.of("node_modules/openid-client/package.json"))) {
            missing = "node_modules/openid-client is not installed (npm install)";
        }
        if (missing != null && "true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true but " + missing);
        }
        Assumptions.assumeTrue(missing == null, "Skipped: " + missing);
    }

    record Run(int exit, String out, String err) {
    }

    private Run script(String username, String password, String siteSecret, String... clients) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", SCRIPT, "http://127.0.0.1:" + port, username));
        command.addAll(List.of(clients));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("FACEGATE_RP_PASSWORD", password);
        env.put("FACEGATE_RP_SECRET_NODE_SITE", siteSecret);
        Path out = Files.createTempFile("oidc-rp", ".out");
        Path err = Files.createTempFile("oidc-rp", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                Assertions.fail("the openid-client script did not finish in 120 s");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static final String[] BOTH = {"node-site", "http://127.0.0.1:9/site/callback", "http://127.0.0.1:9/site/bye",
            "node-spa", "http://127.0.0.1:9/spa/callback", "http://127.0.0.1:9/spa/bye"};

    @Test
    void openIdClientLogsInWithPkceAsConfidentialAndPublicClientRefreshesAndLogsOut() throws Exception {
        String name = registerName();
        Run run = script(name, PASSWORD, SITE_SECRET, BOTH);
        assertThat(run.exit()).as(run.err()).isZero();
        String subject = subjectOf(name);
        assertThat(run.out()).contains("node-site (confidential, PKCE): ID token valid for sub " + subject
                + ", amr pwd, acr urn:facegate:acr:1fa")
                .contains("userinfo ok; refreshed (rotated, ID token checked); logged out")
                .contains("node-spa (public, PKCE): ID token valid for sub " + subject)
                .contains("no refresh token (public client); logged out");
    }

    @Test
    void aRefusalStopsTheScriptWithASentence() throws Exception {
        String name = registerName();
        Run wrongSecret = script(name, PASSWORD, "not-the-secret-0123456789abcdef", BOTH);
        assertThat(wrongSecret.exit()).isEqualTo(1);
        assertThat(wrongSecret.err()).startsWith("oidc-relying-party: ").contains("invalid_client");
        assertThat(wrongSecret.out()).isEmpty();

        Run wrongPassword = script(name, "not the password at all", SITE_SECRET, BOTH);
        assertThat(wrongPassword.exit()).isEqualTo(1);
        assertThat(wrongPassword.err()).startsWith("oidc-relying-party: the password login answered 401");
    }
}
