package io.facegate.load;

import java.util.List;

/**
 * A single-frame face login ({@code LIVENESS=off}): {@code GET /api/csrf}, {@code POST /face-login} with one
 * frame, and the user name when {@code named} (1:1) or without it (1:N), then {@code GET /account}. Client
 * {@code c} shows the face of {@code accounts[c % n]}, a different frame at each login.
 *
 * @param browsers opens browsers
 * @param accounts accounts and their frames
 * @param named    1:1 (user name sent) rather than 1:N
 */
record FrameLogin(Browsers browsers, List<FaceAccount> accounts, boolean named) implements LoginFlow {

    @Override
    public void login(int client, int iteration) throws LoginFailure {
        FaceAccount account = accounts.get(client % accounts.size());
        byte[] frame = account.frames().get((client / accounts.size() + iteration) % account.frames().size());
        Browser browser = browsers.open(client);
        String token = browser.csrf();
        Multipart body = new Multipart().jpeg("frames", "frame.jpg", frame);
        if (named) {
            body.field("username", account.username());
        }
        LoggedIn.check(browser, browser.postMultipart("/face-login", token, body), account.username());
    }
}
