package io.facegate.load;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Makes the load run's accounts through the HTTP API, as users would: {@code POST /register}, then Face ID set up
 * with real face frames ({@code POST /setupfaceid}, consent and 3 frames). People whose frames the app refuses
 * for Face ID (a face turned too far, too blurred, …) are left out and said so.
 */
final class LoadSetup {

    private final Browsers browsers;
    /**
     * Framings of each demo-photo person shown to Face ID setup; the logins send the others (a frame whose pixels
     * are a stored label image is refused as {@code stored_image}).
     */
    static final int ENROLLED_FRAMINGS = 3;

    private final PrintStream out;

    /**
     * @param browsers opens browsers (client 0's address)
     * @param out      progress
     */
    LoadSetup(Browsers browsers, PrintStream out) {
        this.browsers = browsers;
        this.out = out;
    }

    /**
     * @param passwordUsers how many password accounts
     * @param people        the demo-photo people
     * @param clip          the head-turn clip
     * @param clipCopies    how many more accounts to register (password only) for the clip person's templates,
     *                      copied later by {@link ClipCopies}
     * @return the accounts made
     */
    LoadState run(int passwordUsers, PeopleFrames people, HeadTurnClip clip, int clipCopies) throws LoginFailure {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String tag = HexFormat.of().formatHex(random, 0, 3);
        String password = "load run " + HexFormat.of().formatHex(random, 3, 12);
        List<String> pw = new ArrayList<>();
        for (int i = 1; i <= passwordUsers; i++) {
            String name = String.format("lr%s-pw-%03d", tag, i);
            register(name, password);
            pw.add(name);
        }
        out.printf("Registered %d accounts for password logins.%n", pw.size());
        List<String> faceUsers = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int p = 0; p < people.people().size(); p++) {
            String name = String.format("lr%s-face-%02d", tag, p + 1);
            Browser b = register(name, password);
            List<byte[]> frames = people.frames(p).subList(0, ENROLLED_FRAMINGS);
            Browser.Answer a = enroll(b, frames);
            if (a.status() == 201) {
                faceUsers.add(name);
                indexes.add(p);
            } else {
                out.printf("  %s (%s): Face ID refused, left out: %s %s%n", name, people.people().get(p).label(),
                        a.label(), a.body().path("message").asString(""));
            }
        }
        out.printf("Face ID set up for %d of %d demo-photo people.%n", faceUsers.size(), people.people().size());
        if (faceUsers.isEmpty()) {
            throw new LoginFailure("setup", "no demo-photo face could be enrolled");
        }
        String clipUser = String.format("lr%s-clip", tag);
        Browser.Answer a = enroll(register(clipUser, password), clip.enrollmentFrames());
        if (a.status() != 201) {
            throw new LoginFailure("setup " + a.label(), "Face ID of the clip's person refused: " + a.body());
        }
        out.printf("Face ID set up for the head-turn clip's person (%s).%n", clipUser);
        List<String> copies = registerAll(String.format("lr%s-cc-", tag), clipCopies, password);
        if (clipCopies > 0) {
            out.printf("Registered %d accounts for the clip person's copied templates (challenge-1to1-many).%n",
                    copies.size());
        }
        checkAddress(pw.get(0), password);
        return new LoadState(password, pw, faceUsers, indexes, clipUser, copies);
    }

    /** Registers {@code count} accounts named prefix + 001… on 4 threads (PBKDF2 is most of the time). */
    private List<String> registerAll(String prefix, int count, String password) throws LoginFailure {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(String.format("%s%03d", prefix, i));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Browser>> done = new ArrayList<>();
            for (String name : names) {
                done.add(pool.submit(() -> register(name, password)));
            }
            for (java.util.concurrent.Future<Browser> f : done) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof LoginFailure failure) {
                throw failure;
            }
            throw new LoginFailure("register", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginFailure("interrupted", "registering " + prefix + "*");
        } finally {
            pool.shutdownNow();
        }
        return names;
    }

    private Browser register(String name, String password) throws LoginFailure {
        Browser b = browsers.open(0);
        Browser.Answer a = b.postJson("/register", b.csrf(), Map.of("username", name, "password", password));
        if (a.status() != 201) {
            throw new LoginFailure("register " + a.label(), "POST /register " + name + ": " + a.body());
        }
        return b;
    }

    private static Browser.Answer enroll(Browser b, List<byte[]> frames) throws LoginFailure {
        Multipart body = new Multipart().field("consent", "true");
        for (int i = 0; i < frames.size(); i++) {
            body.jpeg("frames", "frame" + i + ".jpg", frames.get(i));
        }
        return b.postMultipart("/setupfaceid", b.csrf(), body);
    }

    /** One password login, then the account's audit trail must show the address the client was given. */
    private void checkAddress(String user, String password) throws LoginFailure {
        Browser b = browsers.open(0);
        LoggedIn.check(b, b.postForm("/login", b.csrf(), Map.of("username", user, "password", password)), user);
        JsonNode recent = b.get("/account").body().path("recentLogins").path(0);
        String seen = recent.path("address").asString("");
        String expected = browsers.forwarded() ? Browsers.address(0) : "127.0.0.1";
        if (!expected.equals(seen)) {
            throw new LoginFailure("setup address", "the app recorded the login from '" + seen + "', expected "
                    + expected + (browsers.forwarded() ? " (is TRUSTED_PROXIES=127.0.0.1/32 set?)" : ""));
        }
        out.printf("Client addresses as the app sees them: %s%n", browsers.forwarded()
                ? "one per client (X-Forwarded-For from the trusted proxy 127.0.0.1), e.g. " + seen
                : "all " + seen);
    }
}
