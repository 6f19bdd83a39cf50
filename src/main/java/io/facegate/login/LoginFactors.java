package io.facegate.login;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The factors of a login, as Spring Security 7 factor authorities ({@link FactorGrantedAuthority}, each with the
 * instant it was proven) on the session's authentication, and what OpenID Connect says about them:
 * <ul>
 *   <li>{@code amr} (RFC 8176): {@code pwd} (password, {@code FACTOR_PASSWORD}), {@code face} (face match,
 *       {@code FACTOR_FACE}), {@code pop} (passkey, {@code FACTOR_WEBAUTHN}), plus {@code mfa} with two or more.</li>
 *   <li>{@code acr}: {@link #ACR_TWO_FACTORS} with two factors; {@link #ACR_FACE_LIVENESS} for a face login that
 *       passed the liveness challenge; otherwise {@link #ACR_ONE_FACTOR}.</li>
 *   <li>{@code auth_time}: the latest instant a factor was proven. A "keep me signed in" cookie proves nothing:
 *       such a session has no factor and never counts as a login for OpenID Connect.</li>
 * </ul>
 */
public final class LoginFactors {

    /** Factor authority of a face match. */
    public static final String FACE_AUTHORITY = "FACTOR_FACE";
    /** Marks a face factor that passed the active liveness challenge. */
    public static final String LIVENESS_AUTHORITY = "FACE_LIVENESS_CHECKED";

    /** acr of any single factor. */
    public static final String ACR_ONE_FACTOR = "urn:facegate:acr:1fa";
    /** acr of a face login with the liveness challenge (also satisfies {@link #ACR_ONE_FACTOR}). */
    public static final String ACR_FACE_LIVENESS = "urn:facegate:acr:face-liveness";
    /** acr of two factors (satisfies every other value). */
    public static final String ACR_TWO_FACTORS = "urn:facegate:acr:2fa";

    private LoginFactors() {
    }

    /**
     * @param at instant the password was checked
     * @return the password factor
     */
    public static GrantedAuthority password(Instant at) {
        return FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(at).build();
    }

    /**
     * @param at instant a passkey's assertion was verified
     * @return the passkey factor ({@code FACTOR_WEBAUTHN}, {@code amr} {@code pop})
     */
    public static GrantedAuthority passkey(Instant at) {
        return FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY).issuedAt(at).build();
    }

    /**
     * @param at       instant the face matched
     * @param liveness whether the liveness challenge was passed
     * @return the face factor, and the liveness mark when it applies
     */
    public static List<GrantedAuthority> face(Instant at, boolean liveness) {
        List<GrantedAuthority> list = new ArrayList<>();
        list.add(FactorGrantedAuthority.withAuthority(FACE_AUTHORITY).issuedAt(at).build());
        if (liveness) {
            list.add(new SimpleGrantedAuthority(LIVENESS_AUTHORITY));
        }
        return list;
    }

    /**
     * @param authentication a session's authentication, may be {@code null}
     * @return its factors; empty for none, anonymous or a "keep me signed in" authentication
     */
    public static List<FactorGrantedAuthority> of(Authentication authentication) {
        if (authentication == null || authentication instanceof RememberMeAuthenticationToken
                || !authentication.isAuthenticated()) {
            return List.of();
        }
        return of(authentication.getAuthorities());
    }

    /**
     * @param authorities authorities
     * @return the factor authorities among them
     */
    public static List<FactorGrantedAuthority> of(Collection<? extends GrantedAuthority> authorities) {
        List<FactorGrantedAuthority> factors = new ArrayList<>();
        for (GrantedAuthority a : authorities) {
            if (a instanceof FactorGrantedAuthority f) {
                factors.add(f);
            }
        }
        return factors;
    }

    /**
     * @param authorities authorities of a login
     * @return RFC 8176 {@code amr} values, in the order {@code pwd, face, pop, mfa}
     */
    public static List<String> amr(Collection<? extends GrantedAuthority> authorities) {
        Set<String> names = names(authorities);
        List<String> amr = new ArrayList<>();
        if (names.contains(FactorGrantedAuthority.PASSWORD_AUTHORITY)) {
            amr.add("pwd");
        }
        if (names.contains(FACE_AUTHORITY)) {
            amr.add("face");
        }
        if (names.contains(FactorGrantedAuthority.WEBAUTHN_AUTHORITY)) {
            amr.add("pop");
        }
        if (amr.size() >= 2) {
            amr.add("mfa");
        }
        return amr;
    }

    /**
     * @param authorities authorities of a login
     * @return its {@code acr}, or empty with no factor
     */
    public static Optional<String> acr(Collection<? extends GrantedAuthority> authorities) {
        List<String> amr = amr(authorities);
        if (amr.isEmpty()) {
            return Optional.empty();
        }
        if (amr.contains("mfa")) {
            return Optional.of(ACR_TWO_FACTORS);
        }
        boolean live = authorities.stream().anyMatch(a -> LIVENESS_AUTHORITY.equals(a.getAuthority()));
        return Optional.of(amr.contains("face") && live ? ACR_FACE_LIVENESS : ACR_ONE_FACTOR);
    }

    /**
     * @param achieved the {@code acr} of a login
     * @param asked    a requested {@code acr} value
     * @return whether the login is at least as strong: {@code 2fa} satisfies all three, {@code face-liveness}
     *         itself and {@code 1fa}, {@code 1fa} only itself; an unknown asked value is never satisfied
     */
    public static boolean satisfies(String achieved, String asked) {
        if (achieved == null || asked == null) {
            return false;
        }
        return switch (asked) {
            case ACR_ONE_FACTOR -> true;
            case ACR_FACE_LIVENESS -> achieved.equals(ACR_FACE_LIVENESS) || achieved.equals(ACR_TWO_FACTORS);
            case ACR_TWO_FACTORS -> achieved.equals(ACR_TWO_FACTORS);
            default -> false;
        };
    }

    /**
     * @param authorities authorities of a login
     * @return the latest instant a factor was proven, or empty with no factor
     */
    public static Optional<Instant> authTime(Collection<? extends GrantedAuthority> authorities) {
        return of(authorities).stream().map(FactorGrantedAuthority::getIssuedAt).filter(java.util.Objects::nonNull)
                .max(Instant::compareTo);
    }

    private static Set<String> names(Collection<? extends GrantedAuthority> authorities) {
        Set<String> names = new LinkedHashSet<>();
        for (FactorGrantedAuthority f : of(authorities)) {
            names.add(f.getAuthority());
        }
        return names;
    }
}
