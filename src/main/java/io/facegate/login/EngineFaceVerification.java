package io.facegate.login;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.facegate.account.FaceTemplate;
import io.facegate.account.FaceTemplateStore;
import io.facegate.account.UserAccount;
import io.facegate.account.UserRepository;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.match.Gallery;
import io.facegate.face.match.Identification;
import io.facegate.face.match.MatchPolicy;
import io.facegate.face.match.Template;
import io.facegate.face.match.Verification;

/**
 * Face login decided on the server. Every frame must show exactly one usable face; identification (1:N)
 * accepts only when every frame names the same enrolled user within the identification threshold and margin;
 * verification (1:1) only when every frame is within the verification threshold of that user's templates.
 * The templates are read from the database for each attempt, so a deleted user or template can never match.
 * An unknown user name costs the same decoding and network work as a known one and answers the same.
 */
public class EngineFaceVerification implements FaceVerification {

    private final FrameAnalyzer frames;
    private final FaceTemplateStore store;
    private final UserRepository users;
    private final MatchPolicy policy;

    /**
     * @param frames frame checks and description
     * @param store  enrolled templates
     * @param users  accounts
     * @param policy thresholds
     */
    public EngineFaceVerification(FrameAnalyzer frames, FaceTemplateStore store,
                                  UserRepository users, MatchPolicy policy) {
        this.frames = frames;
        this.store = store;
        this.users = users;
        this.policy = policy;
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
        Gallery gallery = gallery(store.all());
        String user = null;
        double worst = 0;
        for (float[] descriptor : descriptors) {
            Identification id = gallery.identify(descriptor);
            worst = Math.max(worst, id.bestDistance());
            if (!id.accepted() || (user != null && !user.equals(id.candidateUserId()))) {
                return FaceMatch.noMatch(null);
            }
            user = id.candidateUserId();
        }
        return user == null ? FaceMatch.noMatch(null) : FaceMatch.match(Long.parseLong(user), worst);
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
        List<FaceTemplate> templates = account.map(a -> store.forUser(a.getId())).orElse(List.of());
        Gallery gallery = gallery(templates);
        String key = account.map(a -> String.valueOf(a.getId())).orElse("-");
        double worst = 0;
        for (float[] descriptor : descriptors) {
            Verification v = gallery.verify(key, descriptor);
            worst = Math.max(worst, v.distance());
            if (!v.match()) {
                return FaceMatch.noMatch(null);
            }
        }
        return account.isPresent() && !templates.isEmpty() && !descriptors.isEmpty()
                ? FaceMatch.match(account.get().getId(), worst) : FaceMatch.noMatch(null);
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
            descriptors.add(((FrameAnalyzer.Accepted) result).face().descriptor());
        }
        if (descriptors.isEmpty()) {
            return new Probe(List.of(), FaceMatch.rejected("no_face", "No picture was sent."));
        }
        return new Probe(descriptors, null);
    }

    private Gallery gallery(List<FaceTemplate> templates) {
        Gallery gallery = new Gallery(policy, frames.pipelineVersion());
        for (FaceTemplate t : templates) {
            if (frames.pipelineVersion().equals(t.getPipelineVersion())) {
                gallery.add(new Template(String.valueOf(t.getUserId()), t.getDescriptor(), t.getPipelineVersion()));
            }
        }
        return gallery;
    }
}
