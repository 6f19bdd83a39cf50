package io.facegate.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.facegate.face.EnrollmentRules;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.LabelImages;
import io.facegate.face.SamePicture;
import io.facegate.face.match.Descriptors;
import io.facegate.face.match.MatchPolicy;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.HeadPoseEstimator;

/**
 * Face ID setup on the server: at least {@link EnrollmentRules#frames()} frames, each showing exactly one usable
 * face (see {@link FrameAnalyzer}) that also passes the stricter {@link EnrollmentRules} (big, frontal, sharp);
 * no two frames may be the same picture ({@link SamePicture}, {@code same_picture}); the frames must show the same face, and that face must not already match another account (it would make
 * identification ambiguous; checked under the enrollment lock against the in-memory gallery and the accounts
 * changed since its last sync, so concurrent setups of one face cannot both pass, on any instance). The user's old templates and label images are then replaced by one template and one PNG label image per
 * frame. Nothing is stored when any check refuses.
 */
public class EngineFaceEnrollment implements FaceEnrollment {

    private static final Logger log = LoggerFactory.getLogger(EngineFaceEnrollment.class);

    private final FrameAnalyzer frames;
    private final EnrollmentRules rules;
    private final FaceTemplateStore store;

    /**
     * @param frames frame checks and description
     * @param rules  the stricter rules of enrollment frames
     * @param store  template rows and label files
     */
    public EngineFaceEnrollment(FrameAnalyzer frames, EnrollmentRules rules, FaceTemplateStore store) {
        this.frames = frames;
        this.rules = rules;
        this.store = store;
    }

    @Override
    public EnrollmentResult enroll(long userId, List<byte[]> uploads) {
        if (uploads.size() < rules.frames()) {
            return EnrollmentResult.rejected("too_few_frames", "Face ID setup needs " + rules.frames()
                    + " pictures of your face; got " + uploads.size() + ".");
        }
        List<FrameAnalyzer.Accepted> accepted = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            FrameAnalyzer.Result result = frames.analyze(uploads.get(i));
            if (result instanceof FrameAnalyzer.Accepted a) {
                Optional<FrameAnalyzer.Rejected> refusal = rules.check(a);
                if (refusal.isPresent()) {
                    result = refusal.get();
                }
            }
            if (result instanceof FrameAnalyzer.Rejected r) {
                String where = uploads.size() > 1 ? "Picture " + (i + 1) + ": " : "";
                return EnrollmentResult.rejected(r.code(), where + r.message());
            }
            accepted.add((FrameAnalyzer.Accepted) result);
        }
        for (int i = 0; i < accepted.size(); i++) {
            for (int j = i + 1; j < accepted.size(); j++) {
                if (SamePicture.same(accepted.get(i).image(), accepted.get(j).image())) {
                    return EnrollmentResult.rejected("same_picture", "Pictures " + (i + 1) + " and " + (j + 1)
                            + " are the same picture: Face ID setup needs separate camera frames of your face.");
                }
            }
        }
        for (int i = 0; i < accepted.size(); i++) {
            for (int j = i + 1; j < accepted.size(); j++) {
                double d = Descriptors.distance(accepted.get(i).face().descriptor(),
                        accepted.get(j).face().descriptor());
                if (d > MatchPolicy.SETUP_FRAMES_AGREE) {
                    return EnrollmentResult.rejected("frames_disagree",
                            "The pictures do not show the same face: keep still, alone in front of the camera, and try again.");
                }
            }
        }
        List<FaceTemplateStore.NewTemplate> templates = new ArrayList<>();
        for (FrameAnalyzer.Accepted a : accepted) {
            templates.add(new FaceTemplateStore.NewTemplate(a.face().descriptor(), LabelImages.png(a.image())));
        }
        try {
            int stored = store.replaceAll(userId, templates, frames.pipelineVersion(),
                    others -> matchesAnotherAccount(others, accepted));
            List<HeadPose> poses = accepted.stream()
                    .map(a -> HeadPoseEstimator.estimate(a.face().landmarks())).toList();
            double range = SetupPoseVariety.yawRange(poses);
            log.info("Face ID setup of user {}: {} frames, yaw range {} degrees", userId, accepted.size(),
                    Math.round(range * 10) / 10.0);
            return EnrollmentResult.enrolled(stored, "Face ID is set up: you can now log in with your face."
                    + (SetupPoseVariety.turned(poses) ? "" : SetupPoseVariety.TIP));
        } catch (FaceTemplateStore.FaceNotUniqueException e) {
            return EnrollmentResult.rejected("face_not_unique",
                    "This face cannot be set up for Face ID here. You can still log in with your password.");
        }
    }

    private boolean matchesAnotherAccount(OtherFaces others, List<FrameAnalyzer.Accepted> accepted) {
        for (FrameAnalyzer.Accepted a : accepted) {
            if (others.nearest(a.face().descriptor()) <= MatchPolicy.SAME_FACE_AT_SETUP) {
                return true;
            }
        }
        return false;
    }
}
