package io.facegate.liveness;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * A liveness challenge issued to one browser session.
 *
 * @param nonce     single-use random token (32 bytes, base64url)
 * @param actions   the movements asked for, in order
 * @param expiresAt when the challenge stops being accepted (UTC)
 * @param issuedAt  when it was issued (UTC): time 0 of its cues and of the answer's frame times
 * @param cues      per action, in order, when the page shows it (ms after {@code issuedAt}, increasing)
 */
public record Challenge(String nonce, List<ChallengeAction> actions, Instant expiresAt, Instant issuedAt,
                        List<Cue> cues) implements Serializable {

    /** Copies the lists. */
    public Challenge {
        actions = List.copyOf(actions);
        cues = List.copyOf(cues);
    }
}
