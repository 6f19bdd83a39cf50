package io.facegate.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.facegate.liveness.ChallengeAction;
import tools.jackson.databind.JsonNode;

/**
 * A face login with the liveness challenge ({@code LIVENESS=active}): {@code GET /api/csrf},
 * {@code POST /face-login/challenge}, then {@code POST /face-login} with the nonce and frames of the clip's
 * person doing the actions asked, in that order, each movement starting 300 ms after its cue, with their
 * {@code frameTimes}, sent once the last frame's time has passed (and the user name when {@code named}: 1:1), then
 * {@code GET /account}. Which part of the clip the answer sends is the account's next free {@link Take} (waiting
 * for one counts in the login's time), so that no answer is a replay of one the app remembers.
 *
 * @param browsers opens browsers
 * @param clip     the head-turn clip
 * @param captured the clip's frames as captured, plain ({@code false}) and mirrored ({@code true})
 * @param takes    the account's takes
 * @param username the clip person's account
 * @param named    1:1 (user name sent) rather than 1:N
 */
record ChallengeLogin(Browsers browsers, HeadTurnClip clip, Map<Boolean, Map<Integer, byte[]>> captured, Takes takes,
                      String username, boolean named) implements LoginFlow {

    /** Longest wait for a free take, ms: well inside the challenge's 60 s validity. */
    static final long TAKE_TIMEOUT_MS = 30_000;

    @Override
    public void login(int client, int iteration) throws LoginFailure {
        Browser browser = browsers.open(client);
        LoggedIn.check(browser, answer(browser), username);
    }

    private Browser.Answer answer(Browser browser) throws LoginFailure {
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
        Take take;
        try {
            take = takes.take(actions, TAKE_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginFailure("interrupted", "waiting for a take");
        }
        try {
            return send(browser, token, issued, nonce.asString(), actions, cues, take);
        } finally {
            // As soon as the app has answered: it remembered the answer (if it logged in) before it did so.
            takes.done(take);
        }
    }

    private Browser.Answer send(Browser browser, String token, long issued, String nonce, List<ChallengeAction> actions,
                                List<Long> cues, Take take) throws LoginFailure {
        HeadTurnClip.Timed timed = clip.answer(actions, cues, take);
        Map<Integer, byte[]> made = captured.get(take.mirrored());
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
        Multipart body = new Multipart().field("nonce", nonce)
                .field("frameTimes", java.util.Arrays.toString(timed.times()));
        for (int i = 0; i < timed.frames().size(); i++) {
            body.jpeg("frames", "frame" + i + ".jpg", made.get(timed.frames().get(i)));
        }
        if (named) {
            body.field("username", username);
        }
        Browser.Answer answer = browser.postMultipart("/face-login", token, body);
        if (answer.status() != 200) {
            throw new LoginFailure(answer.label(), answer.status() + " " + answer.body() + " for " + actions
                    + " sent as " + take);
        }
        return answer;
    }
}
