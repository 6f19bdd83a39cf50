package io.facegate.testsupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import io.facegate.face.FaceEngine;

/**
 * Base of the tests (liveness figures and attacks, tracked detection) that analyse the shared clips with the engine directly: skips each
 * test without the shared data, loads the engine (the npm face-api.js weights, 2 threads) once per class and closes
 * it after. Test methods may take the run's {@link SharedAnalyses.Cache}.
 */
@ExtendWith(SharedAnalyses.class)
public abstract class ClipEngineTest {

    /** The engine of the running class; null without the shared data. */
    protected static FaceEngine engine;

    @BeforeEach
    protected void needsTheData() {
        LivenessClips.assumePresent();
    }

    @BeforeAll
    protected static void load() {
        if (LivenessClips.present()) {
            engine = FaceEngine.load(FaceApiReference.models(), 2);
        }
    }

    @AfterAll
    protected static void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
