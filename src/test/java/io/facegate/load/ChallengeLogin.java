package io.facegate.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.facegate.liveness.ChallengeAction;
import tools.jackson.databind.JsonNode;

/**
 * A face login with the liveness challenge ({@code LIVENESS=active}): {@code GET /api/csrf},
 * {@code POST /face-login/challenge}, then {@code POST /face-login} with the nonce and frames of the clip's
 * person doing the actions asked, in that order, each movement starting 300 ms after its cue, with their
 * {@code frameTimes}, sent once the last frame's time has passed (and the user name when {@code named}: 1:1), then
 * {@code GET /account}. The whole exchange happens while the login holds one of the {@link Captures} (waiting for it
 * counts in the login's time).
 *
 * @param browsers opens browsers
 * @param clip     the head-turn clip
 * @param captures capture settings, taken in turn
 * @param username the clip person's account
 * @param named    1:1 (user name sent) rather than 1:N
 */
record ChallengeLogin(Browsers browsers, HeadTurnClip clip, Captures captures, String username, boolean named)
        implements LoginFlow {

    @Override
    public void login(int client, int iteration) throws LoginFailure {
        int capture;
        try {
            capture = captures.borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginFailure("interrupted", "waiting for a capture");
        }
        Browser browser = browsers.open(client);
        Browser.Answer answer;
        try {
            answer = answer(browser, capture);
        } finally {
            // As soon as the app has answered: it remembered the answer (if it logged in) before it did so.
            captures.giveBack(capture);
        }
        LoggedIn.check(browser, answer, username);
    }

    private Browser.Answer answer(Browser browser, int capture) throws LoginFailure {
        String token = browser.csrf();
        long issued = System.nanoTime();
        Browser.Answer challenge = browser.post("/face-login/challenge", token);
        JsonNode nonce = challenge.body().get("nonce");
        if (challenge.status() != 200 || nonce == null) {
            throw new LoginFailure("challenge " + challenge.label(), "POST /face-login/challenge answered "
                    + challenge.status() + " " + challenge.body());
        }
        List<ChallengeAction> actions = new ArrayList<>();
        for (JsonNode action : challenge.body().path("actions")) {
            actions.add(ChallengeAction.valueOf(action.asString().toUpperCase(Locale.ROOT)));
        }
        List<Long> cues = new ArrayList<>();
        for (JsonNode cue : challenge.body().path("cues")) {
            cues.add(cue.path("atMs").asLong());
        }
        HeadTurnClip.Timed timed = clip.answer(actions, cues, captures.setting(capture).mirrored());
        List<byte[]> frames = captures.frames(capture, timed.frames());
        // A camera cannot send frames before it has filmed them: wait until the last frame's time has passed.
        long wait = timed.times()[timed.times().length - 1] - (System.nanoTime() - issued) / 1_000_000;
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoginFailure("interrupted", "waiting for the capture time");
            }
        }
        Multipart body = new Multipart().field("nonce", nonce.asString())
                .field("frameTimes", java.util.Arrays.toString(timed.times()));
        for (int i = 0; i < frames.size(); i++) {
            body.jpeg("frames", "frame" + i + ".jpg", frames.get(i));
        }
        if (named) {
            body.field("username", username);
        }
        Browser.Answer answer = browser.postMultipart("/face-login", token, body);
        if (answer.status() != 200) {
            throw new LoginFailure(answer.label(), answer.status() + " " + answer.body() + " for " + actions
                    + " captured as " + captures.setting(capture));
        }
        return answer;
    }
}
