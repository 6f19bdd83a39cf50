package io.facegate.login;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.facegate.account.EnrolledGallery;
import io.facegate.account.FaceTemplate;
import io.facegate.account.FaceTemplateStore;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.match.Descriptors;
import io.facegate.face.match.Gallery;
import io.facegate.face.match.Identification;
import io.facegate.face.match.MatchPolicy;
import io.facegate.face.match.Template;
import io.facegate.face.match.Verification;
import io.facegate.storedimage.StoredImages;

/**
 * Face login decided on the server. Every frame must show exactly one usable face; identification (1:N)
 * ranks the accounts with all frames of the attempt together ({@link io.facegate.face.match.Gallery#identify(List,
 * java.util.function.Predicate)}: mean of the frames' distances within the identification threshold, the margin to
 * the second account, and every frame alone within the verification threshold);
 * verification (1:1) only when every frame is within the verification threshold of that user's templates.
 * Both search this instance's in-memory gallery ({@link EnrolledGallery}); a match is then confirmed against the
 * matched account's templates as the database holds them now (every frame within the same threshold), so a
 * template deleted on another instance a moment ago, before the gallery heard of it, logs nobody in. (The 1:N
 * margin to the second-nearest account is judged on the gallery only.) An unknown user name costs the same
 * decoding and network work as a known one and answers the same. A frame that is a stored label image, or a
 * near-duplicate of one, of any account is refused ({@link StoredImages}, {@code stored_image}).
 */
public class EngineFaceVerification implements FaceVerification {

    private static final Logger log = LoggerFactory.getLogger(EngineFaceVerification.class);

    private final FrameAnalyzer frames;
    private final EnrolledGallery gallery;
    private final FaceTemplateStore store;
    private final UserRepository users;
    private final MatchPolicy policy;
    private final StoredImages storedImages;

    /**
     * @param frames  frame checks and description
     * @param gallery this instance's enrolled templates, in memory
     * @param store   enrolled templates in the database (the confirmation of a match)
     * @param users   accounts
     * @param policy  thresholds
     * @param storedImages the label images of every account, which are not camera frames
     */
    public EngineFaceVerification(FrameAnalyzer frames, EnrolledGallery gallery, FaceTemplateStore store,
                                  UserRepository users, MatchPolicy policy, StoredImages storedImages) {
        this.frames = frames;
        this.gallery = gallery;
        this.store = store;
        this.users = users;
        this.policy = policy;
        this.storedImages = storedImages;
    }

    @Override
    public FaceMatch identify(List<byte[]> uploads) {
        Probe probe = describe(uploads);
        if (probe.rejected() != null) {
            return probe.rejected();
        }
        return identifyDescriptors(probe.descriptors());
    }

    @Override
    public FaceMatch identifyDescriptors(List<float[]> descriptors) {
        if (descriptors.isEmpty()) {
            return FaceMatch.noMatch(null);
        }
        Identification id = gallery.identify(descriptors);
        if (!id.accepted()) {
            return FaceMatch.noMatch(null);
        }
        long userId = Long.parseLong(id.candidateUserId());
        return confirmedFused(userId, descriptors, id.galleryUsers())
                ? FaceMatch.match(userId, id.bestDistance(), descriptors) : FaceMatch.noMatch(null);
    }

    @Override
    public FaceMatch verify(String username, List<byte[]> uploads) {
        Probe probe = describe(uploads);
        if (probe.rejected() != null) {
            return probe.rejected();
        }
        return verifyDescriptors(username, probe.descriptors());
    }

    @Override
    public FaceMatch verifyDescriptors(String username, List<float[]> descriptors) {
        Optional<UserAccount> account = username == null ? Optional.empty()
                : users.findByUsernameKey(UserAccount.keyOf(username));
        long userId = account.map(UserAccount::getId).orElse(-1L);
        double worst = 0;
        for (float[] descriptor : descriptors) {
            Verification v = gallery.verify(userId, descriptor);
            worst = Math.max(worst, v.distance());
            if (!v.match()) {
                return FaceMatch.noMatch(null);
            }
        }
        return account.isPresent() && !descriptors.isEmpty()
                && confirmed(userId, descriptors, policy.verificationThreshold())
                ? FaceMatch.match(userId, worst, descriptors) : FaceMatch.noMatch(null);
    }

    /**
     * The 1:N rule's own-account parts again on the database's templates: the score of the frames against the
     * account's stored templates within the identification threshold for the gallery size searched, and every frame
     * within the verification threshold (the margin to other accounts was checked on the in-memory gallery).
     *
     * @param galleryUsers the number of users the in-memory search ran over
     * @return whether the account's templates as stored now still accept the frames
     */
    private boolean confirmedFused(long userId, List<float[]> descriptors, int galleryUsers) {
        String user = String.valueOf(userId);
        Gallery own = new Gallery(policy, gallery.pipelineVersion());
        for (float[] stored : storedTemplates(userId)) {
            own.add(new Template(user, stored, gallery.pipelineVersion()));
        }
        Identification mine = own.identify(descriptors, u -> true);
        boolean ok = user.equals(mine.candidateUserId())
                && mine.score() <= policy.identificationThreshold(galleryUsers)
                && mine.worstFrameDistance() <= policy.verificationThreshold();
        if (!ok) {
            log.info("Face login: the in-memory gallery matched user {}, but the database no longer holds matching"
                    + " templates (changed on another instance); refused", userId);
        }
        return ok;
    }

    private List<float[]> storedTemplates(long userId) {
        return store.forUser(userId).stream()
                .filter(t -> gallery.pipelineVersion().equals(t.getPipelineVersion()))
                .map(FaceTemplate::getDescriptor).toList();
    }

    /**
     * @return whether every descriptor is within {@code threshold} of the mean template ({@link Descriptors#mean})
     *         of the account's templates of this pipeline as the database holds them now
     */
    private boolean confirmed(long userId, List<float[]> descriptors, double threshold) {
        List<float[]> stored = storedTemplates(userId);
        float[] mean = stored.isEmpty() ? null : Descriptors.mean(stored);
        for (float[] descriptor : descriptors) {
            if (mean == null || Descriptors.distance(mean, descriptor) > threshold) {
                log.info("Face login: the in-memory gallery matched user {}, but the database no longer holds a"
                        + " matching template (changed on another instance); refused", userId);
                return false;
            }
        }
        return true;
    }

    private record Probe(List<float[]> descriptors, FaceMatch rejected) {
    }

    private Probe describe(List<byte[]> uploads) {
        List<float[]> descriptors = new ArrayList<>();
        for (byte[] upload : uploads) {
            FrameAnalyzer.Result result = frames.analyze(upload);
            if (result instanceof FrameAnalyzer.Rejected r) {
                return new Probe(List.of(), FaceMatch.rejected(r.code(), r.message()));
            }
            FrameAnalyzer.Accepted accepted = (FrameAnalyzer.Accepted) result;
            if (storedImages.isStored(accepted.image(), accepted.face())) {
                log.warn("Face login refused: a frame is a stored label image");
                return new Probe(List.of(), FaceMatch.rejected(StoredImages.CODE, StoredImages.MESSAGE));
            }
            descriptors.add(accepted.face().descriptor());
        }
        if (descriptors.isEmpty()) {
            return new Probe(List.of(), FaceMatch.rejected("no_face", "No picture was sent."));
        }
        return new Probe(descriptors, null);
    }
}
