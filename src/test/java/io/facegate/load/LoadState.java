package io.facegate.load;

import java.util.List;

/**
 * The accounts the set-up made, kept in a JSON file between the runs of one load run (the app is restarted
 * between the {@code LIVENESS=off} and {@code active} scenarios).
 *
 * @param password      the password of every account
 * @param passwordUsers accounts for password logins, one per client
 * @param faceUsers     accounts with Face ID of the demo-photo people, in the order of {@code faceIndexes}
 * @param faceIndexes   for each face account, the person's index in {@link PeopleFrames#people()}
 * @param clipUser      the account with Face ID of the head-turn clip's person
 * @param clipCopies    accounts given the clip user's face templates through the database ({@link ClipCopies}:
 *                      benchmark-only seeding for the {@code challenge-1to1-many} scenario); empty when none
 */
record LoadState(String password, List<String> passwordUsers, List<String> faceUsers, List<Integer> faceIndexes,
                 String clipUser, List<String> clipCopies) {
}
