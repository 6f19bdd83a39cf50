package io.facegate.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.image.RgbImage;
import io.facegate.testsupport.ClipEngineTest;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;
import io.facegate.testsupport.TestImages;

/**
 * A challenge answer's tracked frames ({@link FaceEngine#detectTracked}): the same detections as the full server
 * detection on every frame of the genuine head-turn clip, for half the detector input pixels; and a second face
 * that appears next to the tracked one is still found, also one so big that only the zoomed-out look finds it
 * (what the guard look is for). Counted with the engine's run counter, not timed. Skipped without the shared data.
 */
class TrackedDetectionTest extends ClipEngineTest {

    private static final AnalysisOptions SERVER = new AnalysisOptions(DetectorKind.TINY, 416, 0.5, Pipeline.SERVER);
    private static final AnalysisOptions PICTURE_ONLY = new AnalysisOptions(DetectorKind.TINY, 416, 0.5,
            Pipeline.FACEAPI);

    private static RgbImage camera(BufferedImage frame) {
        return TestImages.of(StillAttacks.decode(StillAttacks.jpeg(frame, 0.9f)));
    }

    @Test
    void everyFrameOfTheGenuineClipGivesTheFullDetectionsResult() {
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        Box tracked = null;
        int guarded = 0;
        int frames = 0;
        for (BufferedImage frame : clip) {
            RgbImage image = camera(frame);
            List<Detection> full = engine.detect(image, SERVER);
            long before = engine.detectorRuns();
            List<Detection> seen = engine.detectTracked(image, SERVER, DetectorBudget.unlimited(), tracked);
            long runs = engine.detectorRuns() - before;
            assertThat(seen).as("frame %d", frames).isEqualTo(full);
            if (tracked != null && runs == 2 && seen.size() == 1) {
                guarded++;
            }
            tracked = full.size() == 1 ? full.get(0).box() : tracked;
            frames++;
        }
        System.out.printf("Head-turn clip: %d of %d frames decided by the picture and the guard look%n", guarded,
                frames);
        // The clip's face leaves the tracked box only where the detector loses it: nearly every frame is tracked.
        assertThat(guarded).isGreaterThanOrEqualTo(frames * 9 / 10);
    }

    @Test
    void aSecondFaceBesideTheTrackedOneIsFound() {
        BufferedImage first = LivenessClips.headTurn(2).get(0);
        Box tracked = engine.detect(camera(first), SERVER).get(0).box();
        BufferedImage other = FaceSamples.distinctPeople(1, 0.8).get(0).frame();
        BufferedImage both = new BufferedImage(1600, 440, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(first, 0, 0, null);
        g.drawImage(LivenessClips.scale(other, 440.0 / other.getHeight()), 800, 0, null);
        g.dispose();
        RgbImage image = camera(both);
        List<Detection> seen = engine.detectTracked(image, SERVER, DetectorBudget.unlimited(), tracked);
        assertThat(seen).hasSize(2).isEqualTo(engine.detect(image, SERVER));
    }

    @Test
    void aFaceTooBigForThePictureLookIsFoundByTheGuardLook() {
        // The clip's face small in the top-left corner; another person's face filling the frame's height beside it.
        BufferedImage first = LivenessClips.headTurn(2).get(0);
        BufferedImage other = FaceSamples.distinctPeople(1, 0.8).get(0).frame();
        Box face = engine.detect(camera(other), SERVER).get(0).box();
        double s = 420 / face.height(); // the other face's box 420 px high, its right edge at x = 790
        BufferedImage frame = new BufferedImage(800, 440, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(other, (int) Math.round(790 - (face.x() + face.width()) * s), (int) Math.round(10 - face.y() * s),
                (int) Math.round(other.getWidth() * s), (int) Math.round(other.getHeight() * s), null);
        g.drawImage(first, 0, 0, 400, 220, null);
        g.dispose();
        RgbImage image = camera(frame);
        List<Detection> picture = engine.detect(image, PICTURE_ONLY);
        List<Detection> full = engine.detect(image, SERVER);
        assertThat(picture).as("the picture's look alone misses the big face").hasSize(1);
        assertThat(full).as("the full detection's zoomed-out look finds it").hasSize(2);
        Box tracked = picture.get(0).box();
        assertThat(engine.detectTracked(image, SERVER, DetectorBudget.unlimited(), tracked)).isEqualTo(full);
    }
}
