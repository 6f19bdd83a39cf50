package io.facegate.oidc;

import io.facegate.login.LoginFactors;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Claims of FaceGate's tokens. ID token: {@code sub} = the account's subject (never its user name),
 * {@code preferred_username}, {@code auth_time} (when the login's latest factor was proven, not when the code was
 * redeemed nor the token refreshed), {@code amr} and {@code acr} as defined by {@link LoginFactors}. Access token:
 * {@code sub} = the subject too. Userinfo answers from the ID token's claims (Spring Security's default), so it
 * carries the same {@code sub} and {@code preferred_username}.
 */
public class IdTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final AccountSubjects subjects;

    /** @param subjects user name ↔ subject */
    public IdTokenClaims(AccountSubjects subjects) {
        this.subjects = subjects;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        Authentication principal = context.getPrincipal();
        String subject = principal.getDetails() instanceof String s && s.length() == AccountSubjects.SUBJECT_LENGTH
                ? s : subjects.subjectOf(principal.getName()).orElseThrow(() ->
                        new IllegalStateException("The account of this authorization no longer exists."));
        context.getClaims().subject(subject);
        if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            return;
        }
        context.getClaims().claim("preferred_username", subjects.usernameOf(subject).orElse(principal.getName()));
        List<String> amr = LoginFactors.amr(principal.getAuthorities());
        if (!amr.isEmpty()) {
            context.getClaims().claim("amr", amr);
        }
        LoginFactors.acr(principal.getAuthorities()).ifPresent(acr -> context.getClaims().claim("acr", acr));
        LoginFactors.authTime(principal.getAuthorities()).ifPresent(at -> context.getClaims().claim("auth_time", java.util.Date.from(at)));
    }
}
