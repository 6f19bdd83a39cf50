package io.facegate.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** amr, acr and auth_time from a login's factor authorities, and which acr satisfies which. */
class LoginFactorsTest {

    private static final Instant T = Instant.parse("2030-01-01T10:00:00Z");

    @Test
    void passwordAloneIsOneFactor() {
        List<GrantedAuthority> a = List.of(new SimpleGrantedAuthority("ROLE_USER"), LoginFactors.password(T));
        assertThat(LoginFactors.amr(a)).containsExactly("pwd");
        assertThat(LoginFactors.acr(a)).contains(LoginFactors.ACR_ONE_FACTOR);
        assertThat(LoginFactors.authTime(a)).contains(T);
    }

    @Test
    void faceWithLivenessIsFaceLivenessAndWithoutIsOneFactor() {
        assertThat(LoginFactors.acr(LoginFactors.face(T, true))).contains(LoginFactors.ACR_FACE_LIVENESS);
        assertThat(LoginFactors.acr(LoginFactors.face(T, false))).contains(LoginFactors.ACR_ONE_FACTOR);
        assertThat(LoginFactors.amr(LoginFactors.face(T, true))).containsExactly("face");
    }

    @Test
    void passwordThenFaceIsTwoFactorsAndAuthTimeIsTheLatest() {
        List<GrantedAuthority> a = new ArrayList<>(LoginFactors.face(T.plusSeconds(40), true));
        a.add(LoginFactors.password(T));
        assertThat(LoginFactors.amr(a)).containsExactly("pwd", "face", "mfa");
        assertThat(LoginFactors.acr(a)).contains(LoginFactors.ACR_TWO_FACTORS);
        assertThat(LoginFactors.authTime(a)).contains(T.plusSeconds(40));
        List<GrantedAuthority> passkey = List.of(FactorGrantedAuthority.withAuthority(
                FactorGrantedAuthority.WEBAUTHN_AUTHORITY).issuedAt(T).build());
        assertThat(LoginFactors.amr(passkey)).containsExactly("pop");
    }

    @Test
    void keepMeSignedInProvesNoFactor() {
        var remembered = new RememberMeAuthenticationToken("key", "alice", List.of(LoginFactors.password(T)));
        assertThat(LoginFactors.of(remembered)).isEmpty();
        assertThat(LoginFactors.of(UsernamePasswordAuthenticationToken.authenticated("alice", null,
                List.of(LoginFactors.password(T))))).hasSize(1);
        assertThat(LoginFactors.acr(List.of(new SimpleGrantedAuthority("ROLE_USER")))).isEmpty();
    }

    @Test
    void twoFactorsSatisfyEverythingOneFactorOnlyItself() {
        assertThat(LoginFactors.satisfies(LoginFactors.ACR_TWO_FACTORS, LoginFactors.ACR_FACE_LIVENESS)).isTrue();
        assertThat(LoginFactors.satisfies(LoginFactors.ACR_TWO_FACTORS, LoginFactors.ACR_ONE_FACTOR)).isTrue();
        assertThat(LoginFactors.satisfies(LoginFactors.ACR_FACE_LIVENESS, LoginFactors.ACR_ONE_FACTOR)).isTrue();
        assertThat(LoginFactors.satisfies(LoginFactors.ACR_FACE_LIVENESS, LoginFactors.ACR_TWO_FACTORS)).isFalse();
        assertThat(LoginFactors.satisfies(LoginFactors.ACR_ONE_FACTOR, LoginFactors.ACR_FACE_LIVENESS)).isFalse();
        assertThat(LoginFactors.satisfies(LoginFactors.ACR_ONE_FACTOR, "urn:other")).isFalse();
    }
}
