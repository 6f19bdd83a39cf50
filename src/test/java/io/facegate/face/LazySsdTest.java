package io.facegate.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.image.RgbImage;
import io.facegate.face.ssd.SsdMobilenetV1Detector;
import io.facegate.face.ssd.SsdMobilenetV1Options;
import io.facegate.face.weights.ModelSource;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.TestImages;

/**
 * An engine loaded without SSD MobileNet v1 (the command line's) opens it when a call first asks for that detector
 * and then finds what the detector itself finds.
 */
class LazySsdTest {

    @Test
    void opensSsdOnFirstUseWithTheDetectorsOwnResults() {
        RgbImage image = TestImages.read(FaceApiReference.dir().resolve("sample1.png"));
        List<Detection> expected;
        try (SsdMobilenetV1Detector ssd = new SsdMobilenetV1Detector(ModelSource.classpath(), 1)) {
            expected = ssd.detect(image, SsdMobilenetV1Options.DEFAULT);
        }
        try (FaceEngine engine = FaceEngine.loadWithoutSsd(ModelSource.classpath(), 1)) {
            List<Detection> found = engine.detect(image,
                    AnalysisOptions.ssd(SsdMobilenetV1Options.DEFAULT.minConfidence()));
            assertFalse(found.isEmpty(), "sample1.png has faces");
            assertEquals(expected, found);
        }
    }
}
