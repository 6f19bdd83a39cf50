package io.facegate.account;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import io.facegate.face.FrameAnalyzer;

/**
 * Brings enrolled templates to the engine's pipeline at start: a template whose {@code pipeline_version} differs
 * from {@link FrameAnalyzer#pipelineVersion()} is recomputed from its stored label image (the frame it was
 * enrolled from) with the same frame checks as Face ID setup; when the label image is missing or no longer passes
 * them, the template is deleted with a log line. A user left with no template sees Face ID as not set up and must
 * set it up again. Idempotent: a second run finds nothing to do.
 */
public class TemplateMigration {

    private static final Logger log = LoggerFactory.getLogger(TemplateMigration.class);

    /**
     * @param recomputed templates given a descriptor of the current pipeline
     * @param deleted    templates removed (no usable label image)
     */
    public record Result(int recomputed, int deleted) {
    }

    private final FaceTemplateStore store;
    private final LabelStore labels;
    private final FrameAnalyzer frames;

    /**
     * @param store  templates
     * @param labels label images
     * @param frames frame checks and description with the current pipeline
     */
    public TemplateMigration(FaceTemplateStore store, LabelStore labels, FrameAnalyzer frames) {
        this.store = store;
        this.labels = labels;
        this.frames = frames;
    }

    /** Runs {@link #migrate()} once the application has started. */
    @EventListener(ApplicationReadyEvent.class)
    public void atStart() {
        migrate();
    }

    /**
     * @return what was done
     */
    public Result migrate() {
        String current = frames.pipelineVersion();
        int recomputed = 0;
        int deleted = 0;
        for (FaceTemplate t : store.all()) {
            if (current.equals(t.getPipelineVersion())) {
                continue;
            }
            Optional<LabelStore.LabelImage> image = t.getLabelImage() == null ? Optional.empty()
                    : labels.find(t.getUserId(), t.getLabelImage());
            String reason;
            if (image.isPresent()) {
                FrameAnalyzer.Result result = frames.analyze(image.get().bytes());
                if (result instanceof FrameAnalyzer.Accepted a) {
                    if (store.redescribe(t.getId(), a.face().descriptor(), current)) {
                        recomputed++;
                    }
                    continue;
                }
                reason = "its label image no longer passes the frame checks ("
                        + ((FrameAnalyzer.Rejected) result).code() + ")";
            } else {
                reason = "its label image is missing";
            }
            if (store.delete(t.getId())) {
                deleted++;
                log.warn("Face template {} of user {} was made by pipeline {} and {}: deleted; the user must set up"
                        + " Face ID again.", t.getId(), t.getUserId(), t.getPipelineVersion(), reason);
            }
        }
        if (deleted > 0) {
            log.warn("Face templates brought to pipeline {}: {} recomputed from their label images, {} deleted (their "
                    + "users must set Face ID up again).", current, recomputed, deleted);
        } else if (recomputed > 0) {
            log.info("Face templates brought to pipeline {}: {} recomputed from their label images.", current,
                    recomputed);
        }
        return new Result(recomputed, deleted);
    }
}
