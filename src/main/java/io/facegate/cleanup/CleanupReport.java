package io.facegate.cleanup;

import java.time.Instant;
import java.util.List;

/**
 * What one cleanup run did (the JSON answer of {@code POST /tasks/cleanup}).
 *
 * @param ranAt                when the run started, UTC
 * @param cutoff               accounts created before this were deleted, UTC; null when ACCOUNT_TTL_HOURS is 0
 * @param ttlHours             ACCOUNT_TTL_HOURS in force
 * @param usersDeleted         account rows deleted
 * @param templatesDeleted     face template rows deleted with them
 * @param foldersDeleted       label folders of those accounts removed
 * @param orphanFoldersDeleted label folders without an account (left by an earlier failure) removed
 * @param failures             one sentence per thing the run could not do: a label folder that could not be removed
 *                             or an account that could not be deleted (the next run retries them), an account
 *                             whose {@code created_at} cannot be read as a time (kept until fixed); empty when
 *                             the run did everything
 * @param loginAttemptsDeleted login audit rows deleted: those of the deleted accounts, and those naming no
 *                             account older than the cutoff
 * @param loginCountersDeleted login throttling counters quiet for 12 h deleted (an account's counters go with
 *                             the account, not counted here); face-disabled accounts keep theirs
 * @param galleryChangesDeleted rows of the gallery change log older than 1 hour deleted
 */
public record CleanupReport(Instant ranAt, Instant cutoff, long ttlHours, int usersDeleted, long templatesDeleted,
                            int foldersDeleted, int orphanFoldersDeleted, List<String> failures,
                            long loginAttemptsDeleted, int loginCountersDeleted, int galleryChangesDeleted) {
}
