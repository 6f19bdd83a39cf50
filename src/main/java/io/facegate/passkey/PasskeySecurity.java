package io.facegate.passkey;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The passkey part of the application's filter chain, applied by {@code login.SecurityConfig}:
 * {@code http.webAuthn(...)} (Spring Security's WebAuthn: {@code POST /webauthn/authenticate/options} and
 * {@code POST /login/webauthn}) without the default registration page, with the serializable session store of
 * creation options and {@link PasskeyLoginFilter} in place of Spring Security's login filter; and
 * {@link SpringRegistrationRefusal} before the CSRF filter. Not a {@code Customizer<HttpSecurity>} bean on purpose:
 * Spring Security 7 applies those to every filter chain, the authorization server's too.
 */
public class PasskeySecurity {

    private final PasskeyLogin login;
    private final SessionCreationOptions options;
    private final AuthenticationManager manager;
    private final JsonMapper json;

    /**
     * @param login   the passkey login use case
     * @param options creation options in the session
     * @param manager checks assertions (Spring Security's {@code WebAuthnAuthenticationProvider})
     * @param json    JSON writer
     */
    public PasskeySecurity(PasskeyLogin login, SessionCreationOptions options, AuthenticationManager manager,
                           JsonMapper json) {
        this.login = login;
        this.options = options;
        this.manager = manager;
        this.json = json;
    }

    /**
     * @param http the application's filter chain builder
     * @throws Exception from the builder
     */
    public void apply(HttpSecurity http) throws Exception {
        http.addFilterBefore(new SpringRegistrationRefusal(json), CsrfFilter.class)
            .webAuthn(webAuthn -> webAuthn
                .rpName(PasskeyConfig.RP_NAME)
                .disableDefaultRegistrationPage(true)
                .creationOptionsRepository(options)
                .withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
                        return (O) new PasskeyLoginFilter(login, manager);
                    }
                }));
    }
}
