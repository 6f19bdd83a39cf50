package io.facegate.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthorizationRequestErrorsTest {

    @Test
    void namesTheParameterTheAuthorizationServerRefused() {
        assertThat(AuthorizationRequestErrors.explain("[invalid_request] OAuth 2.0 Parameter: client_id"))
                .hasValueSatisfying(e -> assertThat(e.error()).isEqualTo("unknown_client"));
        assertThat(AuthorizationRequestErrors.explain("[invalid_request] OAuth 2.0 Parameter: redirect_uri"))
                .hasValueSatisfying(e -> assertThat(e.error()).isEqualTo("unregistered_redirect_uri"));
        assertThat(AuthorizationRequestErrors.explain("[invalid_request] OAuth 2.0 Parameter: scope"))
                .hasValueSatisfying(e -> assertThat(e.message()).contains("(scope)"));
    }

    @Test
    void leavesOtherErrorsToTheGenericMessage() {
        assertThat(AuthorizationRequestErrors.explain(null)).isEmpty();
        assertThat(AuthorizationRequestErrors.explain("Bad Request")).isEmpty();
        assertThat(AuthorizationRequestErrors.explain("Required parameter 'x' is not present.")).isEmpty();
    }
}
