package io.facegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.Detection;
import io.facegate.face.FaceEngine;
import io.facegate.face.image.RgbImage;
import io.facegate.face.weights.ModelSource;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.TestImages;

/**
 * The engine loaded ahead of the context finds what an engine loaded in place finds, is handed out once, and an
 * engine nobody took (closed with the context) is not handed out afterwards.
 */
class FaceEnginePreloadTest {

    @Test
    void handsOutTheLoadedEngineOnce() {
        RgbImage image = TestImages.read(FaceApiReference.dir().resolve("sample1.png"));
        List<Detection> expected;
        try (FaceEngine inPlace = FaceEngine.load(ModelSource.classpath(), 1)) {
            expected = inPlace.detect(image, AnalysisOptions.DEFAULT);
        }
        FaceEnginePreload preload = started("1");
        try (FaceEngine engine = preload.take()) {
            assertThat(expected).isNotEmpty();
            assertThat(engine.detect(image, AnalysisOptions.DEFAULT)).isEqualTo(expected);
            assertThatThrownBy(preload::take).isInstanceOf(IllegalStateException.class).hasMessageContaining("taken");
        }
        preload.destroy(); // taken: the owner closed it, nothing left to close
    }

    @Test
    void anEngineNobodyTookIsNotHandedOutAfterTheContextClosed() {
        FaceEnginePreload preload = started("2");
        preload.destroy();
        assertThatThrownBy(preload::take).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWrongThreadCountStopsThePreloadWithTheSettingsSentence() {
        FaceEnginePreload preload = new FaceEnginePreload();
        preload.setEnvironment(new MockEnvironment().withProperty("facegate.face.threads", "0"));
        assertThatThrownBy(() -> preload.postProcessBeanFactory(null))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("FACE_THREADS is 0");
    }

    private static FaceEnginePreload started(String threads) {
        FaceEnginePreload preload = new FaceEnginePreload();
        preload.setEnvironment(new MockEnvironment().withProperty("facegate.face.threads", threads));
        preload.postProcessBeanFactory(null);
        return preload;
    }
}
