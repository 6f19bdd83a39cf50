package io.facegate.login.liveness;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * A liveness challenge issued to one browser session.
 *
 * @param nonce     single-use random token (32 bytes, base64url)
 * @param actions   the movements asked for, in order
 * @param expiresAt when the challenge stops being accepted (UTC)
 */
public record Challenge(String nonce, List<ChallengeAction> actions, Instant expiresAt) implements Serializable {

    /** Copies the list. */
    public Challenge {
        actions = List.copyOf(actions);
    }
}
