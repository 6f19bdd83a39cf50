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
 * @param accounts the clip person's account(s), each with its takes: each login takes the next in turn
 * @param named    1:1 (user name sent) rather than 1:N
 */
record ChallengeLogin(Browsers browsers, HeadTurnClip clip, Map<Boolean, Map<Integer, byte[]>> captured,
                      Accounts accounts, boolean named) implements LoginFlow {

    /**
     * The accounts answers go to, in turn, each with its own {@link Takes} (its own replay memory at the app).
     *
     * @param names per account, its user name
     * @param takes per account, its takes
     * @param next  the next account's position
     * @param sent  answers sent and their frames, for the report
     */
    record Accounts(List<String> names, List<Takes> takes, java.util.concurrent.atomic.AtomicInteger next,
                    java.util.concurrent.atomic.AtomicLongArray sent) {

        /**
         * @param names    the accounts
         * @param analysed the clip's analysed takes (copied for each account)
         * @return the accounts, the first one next
         */
        static Accounts of(List<String> names, Takes analysed) {
            List<Takes> takes = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                takes.add(i == 0 ? analysed : analysed.forAnotherAccount());
            }
            return new Accounts(List.copyOf(names), takes, new java.util.concurrent.atomic.AtomicInteger(),
                    new java.util.concurrent.atomic.AtomicLongArray(2));
        }

        /** @return the mean number of frames of the answers sent so far (0 before any) */
        double framesPerAnswer() {
            long answers = sent.get(0);
            return answers == 0 ? 0 : (double) sent.get(1) / answers;
        }

        int take() {
            return Math.floorMod(next.getAndIncrement(), names.size());
        }
    }

    /** Longest wait for a free take, ms: well inside the challenge's 60 s validity. */
    static final long TAKE_TIMEOUT_MS = 30_000;

    @Override
    public void login(int client, int iteration) throws LoginFailure {
        Browser browser = browsers.open(client);
        int account = accounts.take();
        String username = accounts.names().get(account);
        LoggedIn.check(browser, answer(browser, username, accounts.takes().get(account)), username);
    }

    private Browser.Answer answer(Browser browser, String username, Takes takes) throws LoginFailure {
        String token = browser.csrf();
        Browser.Answer challenge = browser.post("/face-login/challenge", token);
        // The page's clock starts when the challenge arrives, after the app issued it: counted from the request's
        // start instead, a challenge answered slowly (under load, more than the app's 1 s of clock slack) made the
        // frames claim times the app had not reached yet (frame_times_impossible).
        long issued = System.nanoTime();
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
            return send(browser, token, issued, nonce.asString(), actions, cues, take, username);
        } finally {
            // As soon as the app has answered: it remembered the answer (if it logged in) before it did so.
            takes.done(take);
        }
    }

    private Browser.Answer send(Browser browser, String token, long issued, String nonce, List<ChallengeAction> actions,
                                List<Long> cues, Take take, String username) throws LoginFailure {
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
        accounts.sent().incrementAndGet(0);
        accounts.sent().addAndGet(1, timed.frames().size());
        Browser.Answer answer = browser.postMultipart("/face-login", token, body);
        if (answer.status() != 200) {
            throw new LoginFailure(answer.label(), answer.status() + " " + answer.body() + " for " + actions
                    + " sent as " + take);
        }
        return answer;
    }
}
