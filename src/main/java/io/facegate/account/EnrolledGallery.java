package io.facegate.account;

import io.facegate.face.match.Gallery;
import io.facegate.face.match.Identification;
import io.facegate.face.match.MatchPolicy;
import io.facegate.face.match.Template;
import io.facegate.face.match.Verification;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * This instance's in-memory copy of the enrolled face templates of the current pipeline version (a thread-safe
 * {@link Gallery}, users keyed by account id), searched by face login (1:1 and 1:N) and by the uniqueness check of
 * Face ID setup. Templates of other pipeline versions are never loaded. It is filled at start and kept in step
 * with the database by {@link GallerySync}: this instance's own changes at once, other instances' within
 * {@code facegate.face.gallery-sync-interval}. A decision to log someone in must still be confirmed against the
 * database.
 */
public class EnrolledGallery {

    private final Gallery gallery;
    private final String pipelineVersion;
    private final FaceTemplateRepository templates;

    /**
     * @param policy          thresholds of verification and identification
     * @param pipelineVersion the engine pipeline whose templates are kept ({@code FrameAnalyzer#pipelineVersion})
     * @param templates       the template rows
     */
    public EnrolledGallery(MatchPolicy policy, String pipelineVersion, FaceTemplateRepository templates) {
        this.gallery = new Gallery(policy, pipelineVersion);
        this.pipelineVersion = pipelineVersion;
        this.templates = templates;
    }

    /** @return the pipeline version of the templates kept */
    public String pipelineVersion() {
        return pipelineVersion;
    }

    /**
     * 1:N over every enrolled user.
     *
     * @param probe {@code float[128]}
     * @return as {@link Gallery#identify(float[])}; the candidate is an account id in decimal
     * @throws IllegalArgumentException if the probe is not 128 finite numbers
     */
    public Identification identify(float[] probe) {
        return gallery.identify(probe);
    }

    /**
     * 1:N over every enrolled user with all frames of one attempt (multi-frame fusion).
     *
     * @param frames one or more {@code float[128]}
     * @return as {@link Gallery#identify(List, java.util.function.Predicate)}; the candidate is an account id in
     *         decimal
     * @throws IllegalArgumentException if there is no frame or a frame is not 128 finite numbers
     */
    public Identification identify(List<float[]> frames) {
        return gallery.identify(frames, user -> true);
    }

    /**
     * 1:N over the users that {@code among} accepts.
     *
     * @param probe {@code float[128]}
     * @param among which account ids take part
     * @return as {@link Gallery#identify(float[], java.util.function.Predicate)}
     * @throws IllegalArgumentException if the probe is not 128 finite numbers
     */
    public Identification identify(float[] probe, LongPredicate among) {
        return gallery.identify(probe, user -> among.test(Long.parseLong(user)));
    }

    /**
     * 1:1 against one account's templates.
     *
     * @param userId account id
     * @param probe  {@code float[128]}
     * @return as {@link Gallery#verify}: no match when the account has no templates here
     * @throws IllegalArgumentException if the probe is not 128 finite numbers
     */
    public Verification verify(long userId, float[] probe) {
        return gallery.verify(String.valueOf(userId), probe);
    }

    /** @return accounts with at least one template */
    public int userCount() {
        return gallery.userCount();
    }

    /** @return templates of all accounts */
    public int templateCount() {
        return gallery.templateCount();
    }

    /**
     * @param userId account id
     * @return the account's templates held here, oldest first
     */
    public List<Template> templates(long userId) {
        return gallery.templates(String.valueOf(userId));
    }

    /**
     * Sets one account's templates (none removes the account).
     *
     * @param userId    account id
     * @param templates its templates, from {@link #read} or {@link #readAll()}
     */
    void replace(long userId, List<Template> templates) {
        gallery.replace(String.valueOf(userId), templates);
    }

    /**
     * Reads some accounts' templates from the database.
     *
     * @param userIds accounts
     * @return each account's templates of this pipeline version (an empty list for those with none)
     */
    Map<Long, List<Template>> read(Collection<Long> userIds) {
        Map<Long, List<Template>> byUser = new HashMap<>();
        userIds.forEach(id -> byUser.put(id, new ArrayList<>()));
        List<Long> ids = List.copyOf(userIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            for (FaceTemplate row : templates.findByUserIdInAndPipelineVersion(chunk, pipelineVersion)) {
                byUser.get(row.getUserId()).add(template(row));
            }
        }
        return byUser;
    }

    /** @return every account's templates of this pipeline version, read from the database */
    Map<Long, List<Template>> readAll() {
        Map<Long, List<Template>> byUser = new HashMap<>();
        for (FaceTemplate row : templates.findByPipelineVersion(pipelineVersion)) {
            byUser.computeIfAbsent(row.getUserId(), id -> new ArrayList<>()).add(template(row));
        }
        return byUser;
    }

    /**
     * Makes the gallery hold exactly these accounts' templates.
     *
     * @param byUser every account's templates, from {@link #readAll()}
     */
    void replaceAll(Map<Long, List<Template>> byUser) {
        Set<String> gone = new HashSet<>(gallery.userIds());
        byUser.forEach((userId, list) -> {
            gallery.replace(String.valueOf(userId), list);
            gone.remove(String.valueOf(userId));
        });
        gone.forEach(gallery::removeUser);
    }

    private Template template(FaceTemplate row) {
        return new Template(String.valueOf(row.getUserId()), row.getDescriptor(), pipelineVersion);
    }
}
