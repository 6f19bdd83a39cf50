package io.facegate.account;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where a {@link FaceEnrollment} implementation keeps what it enrolled, and where a face verifier reads the
 * enrolled templates. Keeps the row and the label file together: a row is only written once its image is on
 * disk, and the image is removed again when the row cannot be written. Every write also records a gallery change
 * ({@link GallerySync#recordChange}) in its transaction, so every instance's in-memory gallery follows.
 */
@Component
public class FaceTemplateStore {

    private final FaceTemplateRepository templates;
    private final LabelStore labels;
    private final Clock clock;
    private final GallerySync gallery;

    /**
     * @param templates repository
     * @param labels    label files
     * @param clock     UTC clock
     * @param gallery   the in-memory gallery's sync (change rows, uniqueness check)
     */
    public FaceTemplateStore(FaceTemplateRepository templates, LabelStore labels, Clock clock, GallerySync gallery) {
        this.templates = templates;
        this.labels = labels;
        this.clock = clock;
        this.gallery = gallery;
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
            FaceTemplate saved = templates.saveAndFlush(new FaceTemplate(userId, descriptor, pipelineVersion, name,
                    clock.instant()));
            gallery.recordChange(userId);
            return saved;
        } catch (RuntimeException e) {
            labels.delete(userId, name);
            throw e;
        }
    }

    /**
     * Adds a template taken from a face login (no label image is kept), first removing one login template of the
     * same user when the user is at the bound ({@link LoginTemplates}).
     *
     * @param userId          owner (must exist)
     * @param descriptor      {@code float[128]}
     * @param pipelineVersion the engine pipeline that made it
     * @param replace         id of a template of this user added by a login, to remove first, or null
     * @return the saved row
     * @throws IllegalArgumentException if {@code replace} is not a login template of this user
     */
    @Transactional
    public FaceTemplate addFromLogin(long userId, float[] descriptor, String pipelineVersion, Long replace) {
        FaceTemplate.encode(descriptor);
        if (replace != null) {
            FaceTemplate old = templates.findById(replace)
                    .filter(t -> t.getUserId() == userId && FaceTemplate.SOURCE_LOGIN.equals(t.getSource()))
                    .orElseThrow(() -> new IllegalArgumentException("Template " + replace
                            + " is not a login template of user " + userId));
            templates.delete(old);
            templates.flush();
        }
        FaceTemplate saved = templates.saveAndFlush(new FaceTemplate(userId, descriptor, pipelineVersion, null,
                clock.instant()).fromLogin());
        gallery.recordChange(userId);
        return saved;
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

    /**
     * A template to store: its descriptor and the label image it came from.
     *
     * @param descriptor {@code float[128]}
     * @param labelImage PNG or JPEG bytes, or null for none
     */
    public record NewTemplate(float[] descriptor, byte[] labelImage) {
    }

    /**
     * Replaces all of a user's templates and label images at once (re-running Face ID setup). The new label
     * files are written first; the rows are swapped in one transaction; the old files are removed only after it
     * commits, and the new ones are removed again if it rolls back, so rows and files never get out of step.
     *
     * @param userId          owner (must exist)
     * @param fresh           the new templates, at least one
     * @param pipelineVersion the engine pipeline that made them
     * @return how many templates the user now has
     * @throws IllegalArgumentException if a descriptor is not {@code float[128]}
     */
    @Transactional
    public int replaceAll(long userId, List<NewTemplate> fresh, String pipelineVersion) {
        return replaceAll(userId, fresh, pipelineVersion, others -> false);
    }

    /** Decides whether a new face collides with the templates of other accounts. */
    @FunctionalInterface
    public interface Conflict {
        /**
         * @param others the enrolled faces of every other account (current pipeline version)
         * @return true when the new face must not be enrolled
         */
        boolean with(OtherFaces others);
    }

    /** The new face already belongs to another account; nothing was stored. */
    public static final class FaceNotUniqueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FaceNotUniqueException() {
            super("The face matches another account");
        }
    }

    /**
     * As {@link #replaceAll(long, List, String)}, after checking under the enrollment lock that the new face does
     * not collide with another account, so that two concurrent enrollments of one face cannot both pass (on any
     * instance: see {@link GallerySync#othersThan}).
     *
     * @param userId          owner (must exist)
     * @param fresh           the new templates, at least one
     * @param pipelineVersion the engine pipeline that made them
     * @param conflict        the collision rule, given the other accounts' templates
     * @return how many templates the user now has
     * @throws FaceNotUniqueException   if the rule finds a collision (nothing is written)
     * @throws IllegalArgumentException if a descriptor is not {@code float[128]}
     */
    @Transactional
    public int replaceAll(long userId, List<NewTemplate> fresh, String pipelineVersion, Conflict conflict) {
        fresh.forEach(t -> FaceTemplate.encode(t.descriptor()));
        templates.lockEnrollment(clock.millis());
        if (conflict.with(gallery.othersThan(userId))) {
            throw new FaceNotUniqueException();
        }
        List<FaceTemplate> old = templates.findByUserIdOrderByCreatedAtAscIdAsc(userId);
        List<String> written = new ArrayList<>();
        try {
            for (NewTemplate t : fresh) {
                written.add(t.labelImage() == null ? null : labels.save(userId, t.labelImage()));
            }
            templates.deleteAll(old);
            templates.flush();
            for (int i = 0; i < fresh.size(); i++) {
                templates.save(new FaceTemplate(userId, fresh.get(i).descriptor(), pipelineVersion, written.get(i),
                        clock.instant()));
            }
            templates.flush();
            gallery.recordChange(userId);
        } catch (RuntimeException e) {
            written.forEach(name -> labels.delete(userId, name));
            throw e;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                List<String> obsolete = status == STATUS_COMMITTED
                        ? old.stream().map(FaceTemplate::getLabelImage).toList() : written;
                obsolete.forEach(name -> labels.delete(userId, name));
            }
        });
        return fresh.size();
    }

    /**
     * Gives a template a descriptor recomputed from its label image by another pipeline.
     *
     * @param templateId      the template
     * @param descriptor      {@code float[128]}
     * @param pipelineVersion the pipeline that made it
     * @return whether the template still existed
     */
    @Transactional
    public boolean redescribe(long templateId, float[] descriptor, String pipelineVersion) {
        return templates.findById(templateId).map(t -> {
            t.redescribe(descriptor, pipelineVersion);
            templates.saveAndFlush(t);
            gallery.recordChange(t.getUserId());
            return true;
        }).orElse(false);
    }

    /**
     * Deletes one template; its label image is removed once the deletion commits.
     *
     * @param templateId the template
     * @return whether it existed
     */
    @Transactional
    public boolean delete(long templateId) {
        return templates.findById(templateId).map(t -> {
            templates.delete(t);
            templates.flush();
            gallery.recordChange(t.getUserId());
            String name = t.getLabelImage();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_COMMITTED) {
                        labels.delete(t.getUserId(), name);
                    }
                }
            });
            return true;
        }).orElse(false);
    }
}
