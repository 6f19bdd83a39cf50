package io.facegate.account;

import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where a {@link FaceEnrollment} implementation keeps what it enrolled, and where a face verifier reads the
 * enrolled templates. Keeps the row and the label file together: a row is only written once its image is on
 * disk, and the image is removed again when the row cannot be written.
 */
@Component
public class FaceTemplateStore {

    private final FaceTemplateRepository templates;
    private final LabelStore labels;
    private final Clock clock;

    /**
     * @param templates repository
     * @param labels    label files
     * @param clock     UTC clock
     */
    public FaceTemplateStore(FaceTemplateRepository templates, LabelStore labels, Clock clock) {
        this.templates = templates;
        this.labels = labels;
        this.clock = clock;
    }

    /**
     * Stores one template.
     *
     * @param userId          owner (must exist)
     * @param descriptor      {@code float[128]}
     * @param pipelineVersion the engine pipeline that made it
     * @param labelImage      PNG or JPEG to keep as the label image (e.g. the face crop), or null for none
     * @return the saved row
     */
    @Transactional
    public FaceTemplate add(long userId, float[] descriptor, String pipelineVersion, byte[] labelImage) {
        FaceTemplate.encode(descriptor); // validates the length before any file is written
        String name = labelImage == null ? null : labels.save(userId, labelImage);
        try {
            return templates.saveAndFlush(new FaceTemplate(userId, descriptor, pipelineVersion, name, clock.instant()));
        } catch (RuntimeException e) {
            labels.delete(userId, name);
            throw e;
        }
    }

    /**
     * @param userId owner
     * @return the owner's templates, oldest first
     */
    @Transactional(readOnly = true)
    public List<FaceTemplate> forUser(long userId) {
        return templates.findByUserIdOrderByCreatedAtAscIdAsc(userId);
    }

    /** @return every enrolled template (for 1:N identification) */
    @Transactional(readOnly = true)
    public List<FaceTemplate> all() {
        return templates.findAll();
    }
}
