package io.facegate.passkey;

import io.facegate.account.FaceGateUser;
import io.facegate.account.LoginHistory;
import io.facegate.login.RecentLogin;
import io.facegate.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.webauthn.api.AuthenticatorAttestationResponse;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An account's passkeys: registering one (Spring Security's {@link WebAuthnRelyingPartyOperations} makes the
 * creation options and verifies the browser's attestation), listing and removing them.
 *
 * <p>Adding a passkey needs a <b>recent login</b>: a factor (password, face or passkey) proven in this session
 * within {@link #RECENT}. A "keep me signed in" cookie proves none, and a session left open on a shared computer
 * goes stale, so someone who finds it cannot add their own passkey to the account. Removing one needs the session
 * only (it weakens nothing an attacker could use).
 */
@Service
public class PasskeyRegistration {

    /** How recent the session's latest login factor must be to add a passkey: {@link RecentLogin#WINDOW}. */
    public static final Duration RECENT = RecentLogin.WINDOW;
    /** Most passkeys per account (bounds the page, the options' exclude list and the store). */
    public static final int MAX_PER_ACCOUNT = 10;
    /** Longest passkey name, in characters. */
    public static final int MAX_NAME = 64;

    private final WebAuthnRelyingPartyOperations operations;
    private final SessionCreationOptions creationOptions;
    private final UserCredentialRepository credentials;
    private final PublicKeyCredentialUserEntityRepository userEntities;
    private final Clock clock;
    private final JsonMapper webauthnJson = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();
    private final JavaType attestation = webauthnJson.getTypeFactory()
            .constructParametricType(PublicKeyCredential.class, AuthenticatorAttestationResponse.class);

    /**
     * @param operations      Spring Security's relying-party operations
     * @param creationOptions session store of the options between the two requests
     * @param credentials     stored passkeys
     * @param userEntities    user entities
     * @param clock           UTC clock
     */
    public PasskeyRegistration(WebAuthnRelyingPartyOperations operations, SessionCreationOptions creationOptions,
                               UserCredentialRepository credentials,
                               PublicKeyCredentialUserEntityRepository userEntities, Clock clock) {
        this.operations = operations;
        this.creationOptions = creationOptions;
        this.credentials = credentials;
        this.userEntities = userEntities;
        this.clock = clock;
    }

    /**
     * One passkey as its owner sees it.
     *
     * @param id         credential id, base64url
     * @param name       the name given at registration
     * @param createdAt  ISO-8601 UTC
     * @param lastUsedAt ISO-8601 UTC of its last login, or null when never used
     */
    public record Passkey(String id, String name, String createdAt, String lastUsedAt) {
    }

    /**
     * Starts a registration: the creation options for {@code navigator.credentials.create()}, kept in the session.
     *
     * @param authentication the session's login
     * @param request        request
     * @param response       response
     * @return the options as JSON text (WebAuthn's {@code PublicKeyCredentialCreationOptionsJSON})
     * @throws ApiException 403 {@code recent_login_required}; 409 {@code too_many_passkeys}
     */
    public String options(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        requireRecentLogin(authentication);
        if (list(authentication.getName()).size() >= MAX_PER_ACCOUNT) {
            throw new ApiException(HttpStatus.CONFLICT, "too_many_passkeys", "You have " + MAX_PER_ACCOUNT
                    + " passkeys, the most an account can have: remove one first.");
        }
        PublicKeyCredentialCreationOptions options = operations.createPublicKeyCredentialCreationOptions(
                new ImmutablePublicKeyCredentialCreationOptionsRequest(authentication));
        creationOptions.save(request, response, options);
        return webauthnJson.writeValueAsString(options);
    }

    /**
     * Finishes a registration with the browser's answer.
     *
     * @param authentication the session's login
     * @param name           the passkey's name (1–{@value #MAX_NAME} characters, no control characters)
     * @param credential     the {@code PublicKeyCredential} of {@code navigator.credentials.create()}, as JSON with
     *                       base64url fields
     * @param request        request
     * @param response       response
     * @return the passkey stored
     * @throws ApiException 400 {@code invalid_name}, {@code passkey_not_started}, {@code passkey_invalid}; 403
     *                      {@code recent_login_required}
     */
    public Passkey register(Authentication authentication, String name, JsonNode credential,
                            HttpServletRequest request, HttpServletResponse response) {
        requireRecentLogin(authentication);
        String label = checkName(name);
        PublicKeyCredentialCreationOptions options = creationOptions.load(request);
        if (options == null || !authentication.getName().equals(options.getUser().getName())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "passkey_not_started",
                    "Start adding the passkey again from the account page (the request had expired or was not started).");
        }
        creationOptions.save(request, response, null); // one answer per challenge
        CredentialRecord record;
        try {
            PublicKeyCredential<AuthenticatorAttestationResponse> parsed = webauthnJson.readValue(
                    credential == null ? "null" : credential.toString(), attestation);
            if (parsed == null) {
                throw new IllegalArgumentException("no credential");
            }
            record = operations.registerCredential(new ImmutableRelyingPartyRegistrationRequest(options,
                    new RelyingPartyPublicKey(parsed, label)));
        } catch (RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "passkey_invalid", "The browser's answer for the new "
                    + "passkey did not verify (or that passkey is already registered); try again.");
        }
        return view(record);
    }

    /**
     * @param username the account's user name
     * @return its passkeys, oldest first
     */
    public List<Passkey> list(String username) {
        PublicKeyCredentialUserEntity entity = userEntities.findByUsername(username);
        if (entity == null) {
            return List.of();
        }
        List<CredentialRecord> records = new ArrayList<>(credentials.findByUserId(entity.getId()));
        records.sort(Comparator.comparing(r -> r.getCreated() == null ? Instant.EPOCH : r.getCreated()));
        return records.stream().map(PasskeyRegistration::view).toList();
    }

    /**
     * @param user the owner
     * @param id   credential id, base64url
     * @return the removed passkey's name
     * @throws ApiException 404 {@code not_found} for an id that is not one of the user's passkeys
     */
    public String remove(FaceGateUser user, String id) {
        ApiException notFound = new ApiException(HttpStatus.NOT_FOUND, "not_found",
                "That passkey does not exist (any more).");
        Bytes credentialId;
        try {
            credentialId = Bytes.fromBase64(id);
        } catch (RuntimeException e) {
            throw notFound;
        }
        CredentialRecord record = credentials.findByCredentialId(credentialId);
        PublicKeyCredentialUserEntity owner = userEntities.findByUsername(user.getUsername());
        if (record == null || owner == null || !owner.getId().equals(record.getUserEntityUserId())) {
            throw notFound;
        }
        credentials.delete(credentialId);
        return record.getLabel();
    }

    /**
     * @param authentication a session's login
     * @throws ApiException 403 {@code recent_login_required} unless a factor was proven within {@link #RECENT}
     */
    void requireRecentLogin(Authentication authentication) {
        if (!RecentLogin.isRecent(authentication, clock.instant())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "recent_login_required", "To add a passkey, log in again "
                    + "(password, face or passkey) and add it within " + RECENT.toMinutes() + " minutes.");
        }
    }

    /**
     * @param name a passkey name as typed
     * @return it stripped
     * @throws ApiException 400 {@code invalid_name}
     */
    static String checkName(String name) {
        String s = name == null ? "" : name.strip();
        if (s.isEmpty() || s.codePointCount(0, s.length()) > MAX_NAME || s.codePoints().anyMatch(Character::isISOControl)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_name", "Give the passkey a name of 1 to "
                    + MAX_NAME + " characters (such as \"Work laptop\"), without control characters.");
        }
        return s;
    }

    private static Passkey view(CredentialRecord r) {
        return new Passkey(r.getCredentialId().toBase64UrlString(), r.getLabel(),
                r.getCreated() == null ? null : r.getCreated().toString(),
                // Spring Security stores the creation time as the last use of a new passkey: that is "never used".
                r.getLastUsed() == null || r.getLastUsed().equals(r.getCreated()) ? null : r.getLastUsed().toString());
    }

    /**
     * @param iso an ISO-8601 instant, or null
     * @return the account page's UTC text, or {@code never}
     */
    static String text(String iso) {
        return iso == null ? "never" : LoginHistory.text(Instant.parse(iso));
    }
}
