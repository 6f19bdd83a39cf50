package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facegate.config.InvalidSettingException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code OIDC_CLIENTS} and {@code OIDC_ISSUER}: what is accepted, and the sentence for what is not. */
class ClientDefinitionsTest {

    private static final String GOOD_SECRET = "0123456789abcdef0123";

    @Test
    void readsConfidentialAndPublicClients() {
        List<ClientDefinitions.Client> clients = ClientDefinitions.parse("[{\"clientId\":\"wiki\",\"clientSecret\":\""
                + GOOD_SECRET + "\",\"redirectUris\":[\"https://wiki.example.org/cb\"],\"postLogoutRedirectUris\":"
                + "[\"https://wiki.example.org/\"],\"name\":\"Wiki\"},{\"clientId\":\"spa\",\"redirectUris\":"
                + "[\"http://localhost:3000/cb\"]}]");
        assertThat(clients).hasSize(2);
        assertThat(clients.get(0).isPublic()).isFalse();
        assertThat(clients.get(0).displayName()).isEqualTo("Wiki");
        assertThat(clients.get(1).isPublic()).isTrue();
        assertThat(clients.get(1).displayName()).isEqualTo("spa");
        assertThat(clients.get(1).postLogoutRedirectUris()).isEmpty();
        assertThat(ClientDefinitions.parse("")).isEmpty();
    }

    @Test
    void refusesWhatWouldBeAHoleOrAClientThatCannotLogIn() {
        refused("not json", "is not a JSON list");
        refused("[{\"clientId\":\"a b\",\"redirectUris\":[\"https://x.example/cb\"]}]", "needs a clientId");
        refused("[{\"clientId\":\"a\",\"redirectUris\":[\"https://x.example/cb\"]},"
                + "{\"clientId\":\"a\",\"redirectUris\":[\"https://x.example/cb\"]}]", "appears twice");
        refused("[{\"clientId\":\"a\",\"clientSecret\":\"short\",\"redirectUris\":[\"https://x.example/cb\"]}]",
                "shorter than 16");
        refused("[{\"clientId\":\"a\"}]", "has no redirectUris");
        refused("[{\"clientId\":\"a\",\"redirectUris\":[\"http://x.example/cb\"]}]", "use https");
        refused("[{\"clientId\":\"a\",\"redirectUris\":[\"https://x.example/cb#frag\"]}]", "fragment");
        refused("[{\"clientId\":\"a\",\"redirectUris\":[\"/relative\"]}]", "not an absolute URL");
        refused("[{\"clientId\":\"a\",\"redirectUris\":[\"javascript://x.example/cb\"]}]", "neither https");
        refused("[{\"clientId\":\"a\",\"redirectUri\":[\"https://x.example/cb\"]}]", "is not a JSON list");
    }

    @Test
    void addsTheClientsRedirectOriginsToFormAction() {
        String policy = "default-src 'self'; form-action 'self'; frame-ancestors 'none'";
        List<ClientDefinitions.Client> clients = ClientDefinitions.parse("[{\"clientId\":\"a\",\"redirectUris\":"
                + "[\"https://a.example/cb\",\"https://a.example/other\",\"http://127.0.0.1:8081/cb\"]}]");
        assertThat(ClientDefinitions.withFormActions(policy, clients)).isEqualTo(
                "default-src 'self'; form-action 'self' https://a.example http://127.0.0.1:8081; frame-ancestors 'none'");
        assertThat(ClientDefinitions.withFormActions(policy, List.of())).isEqualTo(policy);
    }

    @Test
    void issuerMustBeABareUrl() {
        assertThat(OidcConfig.checkIssuer("https://login.example.org")).isEqualTo("https://login.example.org");
        for (String bad : List.of("login.example.org", "https://login.example.org/", "https://x.example?a=b",
                "ftp://x.example")) {
            assertThatThrownBy(() -> OidcConfig.checkIssuer(bad)).isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("OIDC_ISSUER");
        }
    }

    private static void refused(String json, String expected) {
        assertThatThrownBy(() -> ClientDefinitions.parse(json)).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("OIDC_CLIENTS").hasMessageContaining(expected);
    }
}
