package io.facegate.passkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facegate.config.InvalidSettingException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The relying party's defaults and checks ({@code WEBAUTHN_RP_ID}, {@code WEBAUTHN_ORIGINS}). */
class RelyingPartyTest {

    private static RelyingParty resolve(String rpId, String origins, String issuer) {
        return RelyingParty.resolve(new PasskeyProperties(rpId, origins), issuer, 5000);
    }

    @Test
    void withNothingSetItIsLocalhostOnThePort() {
        assertThat(resolve("", "", "")).isEqualTo(new RelyingParty("localhost", Set.of("http://localhost:5000")));
    }

    @Test
    void theIssuerGivesTheDefaultIdAndOrigin() {
        assertThat(resolve("", "", "https://Login.Example.org")).isEqualTo(
                new RelyingParty("login.example.org", Set.of("https://login.example.org")));
        assertThat(resolve("", "", "https://login.example.org:8443")).isEqualTo(
                new RelyingParty("login.example.org", Set.of("https://login.example.org:8443")));
    }

    @Test
    void aParentDomainCoversItsSubdomainsAndAnIdAloneGetsItsHttpsOrigin() {
        assertThat(resolve("example.org", "https://login.example.org, https://example.org", "https://login.example.org"))
                .isEqualTo(new RelyingParty("example.org", Set.of("https://login.example.org", "https://example.org")));
        assertThat(resolve("example.org", "", "")).isEqualTo(new RelyingParty("example.org", Set.of("https://example.org")));
    }

    @Test
    void idsAndOriginsThatBrowsersRefuseStopStartUp() {
        for (String id : new String[] {"127.0.0.1", "[::1]", "https://example.org", "example.org:443", "exa mple.org",
                "example.org/path", "-bad.example.org"}) {
            assertThatThrownBy(() -> resolve(id, "", "")).as(id).isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("WEBAUTHN_RP_ID (facegate.webauthn.rp-id) is '");
        }
        for (String origin : new String[] {"https://evil.example", "https://notexample.org", "http://example.org",
                "https://example.org/login", "example.org", "https://example.org?x=1"}) {
            assertThatThrownBy(() -> resolve("example.org", origin, "")).as(origin)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("WEBAUTHN_ORIGINS (facegate.webauthn.origins) has '" + origin + "'");
        }
    }
}
