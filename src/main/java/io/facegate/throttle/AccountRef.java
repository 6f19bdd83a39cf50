package io.facegate.throttle;

/**
 * The account a login attempt names or matched, as the throttle counts it.
 *
 * @param key    the normalised user name ({@code UserAccount.keyOf}, at most 32 characters): the counters' key,
 *               whether or not such an account exists, so the answers do not tell which names exist
 * @param userId the account's id when it exists (counters and audit rows are deleted with the account), else
 *               null
 */
public record AccountRef(String key, Long userId) {

    /** @throws IllegalArgumentException when the key is blank */
    public AccountRef {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("An account reference needs a user name.");
        }
    }
}
