package io.facegate.liveness;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import io.facegate.face.FaceEngine;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.LivenessClips;

/**
 * Base of the liveness figure and attack tests that analyse the shared clips with the engine directly: skips each
 * test without the shared data, loads the engine (the npm face-api.js weights, 2 threads) once per class and closes
 * it after.
 */
abstract class ClipEngineTest {

    /** The engine of the running class; null without the shared data. */
    static FaceEngine engine;

    @BeforeEach
    void needsTheData() {
        LivenessClips.assumePresent();
    }

    @BeforeAll
    static void load() {
        if (LivenessClips.present()) {
            engine = FaceEngine.load(FaceApiReference.models(), 2);
        }
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
