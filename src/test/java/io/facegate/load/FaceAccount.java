package io.facegate.load;

import java.util.List;

/**
 * An account with Face ID and camera frames of its face for single-frame logins.
 *
 * @param username the account
 * @param frames   JPEG frames of the enrolled person, each a little different (a camera never sends the same
 *                 picture twice)
 */
record FaceAccount(String username, List<byte[]> frames) {
}
