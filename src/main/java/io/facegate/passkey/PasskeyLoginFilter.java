package io.facegate.passkey;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.ResolvableType;
import org.springframework.http.converter.SmartHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.authentication.HttpSessionPublicKeyCredentialRequestOptionsRepository;
import org.springframework.security.web.webauthn.authentication.PublicKeyCredentialRequestOptionsRepository;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's passkey login endpoint ({@code POST /login/webauthn}, a JSON {@code PublicKeyCredential} of the
 * assertion, after {@code POST /webauthn/authenticate/options}) with FaceGate's rules around it: the attempt is
 * throttled before the signature is checked and audited after ({@link PasskeyLogin}); a success logs in as the
 * other login paths do (factor authority, new session id, the saved request resumed) instead of Spring Security's
 * default answer. It replaces the configurer's filter through its object post-processor ({@link PasskeyConfig}),
 * checking the assertion with Spring Security's {@code WebAuthnAuthenticationProvider}.
 */
public class PasskeyLoginFilter extends WebAuthnAuthenticationFilter {

    private static final ResolvableType ASSERTION = ResolvableType.forClassWithGenerics(PublicKeyCredential.class,
            AuthenticatorAssertionResponse.class);

    private final SmartHttpMessageConverter<Object> converter = new JacksonJsonHttpMessageConverter(
            JsonMapper.builder().addModule(new WebauthnJacksonModule()).build());
    /** The same session attribute as Spring Security's options endpoint, which saves the request options. */
    private final PublicKeyCredentialRequestOptionsRepository requestOptions =
            new HttpSessionPublicKeyCredentialRequestOptionsRepository();
    private final PasskeyLogin login;

    /**
     * @param login   the use case
     * @param manager checks the assertion (Spring Security's {@code WebAuthnAuthenticationProvider})
     */
    public PasskeyLoginFilter(PasskeyLogin login, AuthenticationManager manager) {
        this.login = login;
        setAuthenticationManager(manager);
        setAuthenticationFailureHandler(login::failed);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
            throws AuthenticationException {
        PublicKeyCredential<AuthenticatorAssertionResponse> credential;
        try {
            credential = (PublicKeyCredential<AuthenticatorAssertionResponse>) converter.read(ASSERTION,
                    new ServletServerHttpRequest(request), null);
        } catch (IOException | RuntimeException e) {
            credential = null;
        }
        if (credential == null || credential.getRawId() == null || credential.getResponse() == null) {
            throw login.malformed("passkey_malformed", "Send the passkey's assertion as JSON (a PublicKeyCredential "
                    + "with base64url fields), as navigator.credentials.get() gives it.", request);
        }
        PublicKeyCredentialRequestOptions options = requestOptions.load(request);
        if (options == null) {
            throw login.malformed("passkey_not_started", "Start the passkey login again: POST "
                    + "/webauthn/authenticate/options first, in this session.", request);
        }
        options = withSpringsRequirement(options);
        requestOptions.save(request, response, null); // one assertion per challenge
        login.check(credential.getRawId(), request);
        return getAuthenticationManager().authenticate(new WebAuthnAuthenticationRequestToken(
                new RelyingPartyAuthenticationRequest(options, credential)));
    }

    /**
     * Spring Security requires user verification of an assertion only when its saved request options' requirement
     * {@code ==} its {@code REQUIRED} constant. Sessions kept in the database give the options back deserialized, with
     * a copy of the constant that is never {@code ==} it, so the check was skipped: a README-only tester logged in
     * with an assertion whose authenticator data said "user present, not verified" (no PIN, no biometric) although
     * the options asked for {@code required}. The copy is replaced by Spring's constant of the same value.
     *
     * @param options the request options as the session gave them back
     * @return the same options with Spring Security's own user verification constant
     */
    static PublicKeyCredentialRequestOptions withSpringsRequirement(PublicKeyCredentialRequestOptions options) {
        UserVerificationRequirement asked = options.getUserVerification();
        return PublicKeyCredentialRequestOptions.builder().challenge(options.getChallenge())
                .timeout(options.getTimeout()).rpId(options.getRpId()).allowCredentials(options.getAllowCredentials())
                .userVerification(SessionCreationOptions.requirement(asked == null ? "preferred" : asked.getValue()))
                .extensions(options.getExtensions()).build();
    }

    @Override
    protected void successfulAuthentication(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain, Authentication result) throws IOException {
        // Not Spring Security's default (which would save its own authentication first): the session's current
        // login is still in the context here, so that its factors of the same account are kept.
        login.succeeded(request, response, result);
    }
}
