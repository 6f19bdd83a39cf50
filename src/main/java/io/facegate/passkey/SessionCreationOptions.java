package io.facegate.passkey;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Keeps a passkey registration's creation options in the HTTP session between the options and the registration
 * request. Sessions are stored in the database (Spring Session JDBC, Java serialization) and Spring Security's
 * {@code PublicKeyCredentialCreationOptions} is not serializable, so the parts that the registration check reads
 * (challenge, user entity, relying party, user-verification and resident-key requirements, algorithms, timeout)
 * are kept as a serializable record and the options are rebuilt from it; any instance can finish a registration
 * another one began.
 */
public class SessionCreationOptions implements PublicKeyCredentialCreationOptionsRepository {

    static final String ATTRIBUTE = SessionCreationOptions.class.getName() + ".OPTIONS";

    /** The algorithms Spring Security names, by COSE identifier (it offers EdDSA, ES256 and RS256). */
    private static final List<PublicKeyCredentialParameters> KNOWN = List.of(PublicKeyCredentialParameters.EdDSA,
            PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.RS256,
            PublicKeyCredentialParameters.ES384, PublicKeyCredentialParameters.ES512,
            PublicKeyCredentialParameters.RS384, PublicKeyCredentialParameters.RS512);

    /**
     * The serializable parts of creation options.
     *
     * @param challenge        the random challenge
     * @param userId           the user entity's random id
     * @param userName         the user entity's name (the user name)
     * @param displayName      its display name
     * @param rpId             relying-party id
     * @param rpName           relying-party name
     * @param userVerification {@code required}, {@code preferred} or {@code discouraged}
     * @param residentKey      the same words for the resident key
     * @param algorithms       COSE algorithm identifiers offered
     * @param timeoutMillis    the ceremony's timeout, ms
     */
    record Saved(byte[] challenge, byte[] userId, String userName, String displayName, String rpId, String rpName,
                 String userVerification, String residentKey, long[] algorithms, long timeoutMillis)
            implements Serializable {
    }

    @Override
    public void save(HttpServletRequest request, HttpServletResponse response,
                     PublicKeyCredentialCreationOptions options) {
        if (options == null) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(ATTRIBUTE);
            }
            return;
        }
        AuthenticatorSelectionCriteria selection = options.getAuthenticatorSelection();
        long[] algorithms = options.getPubKeyCredParams().stream().mapToLong(p -> p.getAlg().getValue()).toArray();
        request.getSession(true).setAttribute(ATTRIBUTE, new Saved(options.getChallenge().getBytes(),
                options.getUser().getId().getBytes(), options.getUser().getName(), options.getUser().getDisplayName(),
                options.getRp().getId(), options.getRp().getName(),
                selection == null || selection.getUserVerification() == null ? "preferred"
                        : selection.getUserVerification().getValue(),
                selection == null || selection.getResidentKey() == null ? "required"
                        : selection.getResidentKey().getValue(),
                algorithms, options.getTimeout() == null ? 300_000 : options.getTimeout().toMillis()));
    }

    @Override
    public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof Saved saved)) {
            return null;
        }
        List<PublicKeyCredentialParameters> params = new ArrayList<>();
        for (long alg : saved.algorithms()) {
            KNOWN.stream().filter(p -> p.getAlg().getValue() == alg).findFirst().ifPresent(params::add);
        }
        return PublicKeyCredentialCreationOptions.builder()
                .rp(PublicKeyCredentialRpEntity.builder().id(saved.rpId()).name(saved.rpName()).build())
                .user(ImmutablePublicKeyCredentialUserEntity.builder().id(new Bytes(saved.userId()))
                        .name(saved.userName()).displayName(saved.displayName()).build())
                .challenge(new Bytes(saved.challenge()))
                .pubKeyCredParams(params)
                .timeout(Duration.ofMillis(saved.timeoutMillis()))
                .authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                        .userVerification(requirement(saved.userVerification()))
                        .residentKey(ResidentKeyRequirement.valueOf(saved.residentKey()))
                        .build())
                .build();
    }

    /**
     * @param value a user verification requirement's value ({@code required}, {@code preferred}, {@code discouraged})
     * @return Spring Security's constant for it (its checks compare with {@code ==}); {@code preferred} for others
     */
    static UserVerificationRequirement requirement(String value) {
        return switch (value) {
            case "required" -> UserVerificationRequirement.REQUIRED;
            case "discouraged" -> UserVerificationRequirement.DISCOURAGED;
            default -> UserVerificationRequirement.PREFERRED;
        };
    }
}
