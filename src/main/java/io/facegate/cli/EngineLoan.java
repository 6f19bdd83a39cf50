package io.facegate.cli;

import io.facegate.face.FaceEngine;
import io.facegate.face.weights.ModelSource;

/**
 * Gives a command a loaded {@link FaceEngine} for the length of its work. {@link #LOAD_PER_COMMAND} (what
 * {@code main} uses) loads the networks (SSD MobileNet v1 only if the command uses it) and closes them when the
 * work is done; a test can lend one engine it loaded once.
 */
@FunctionalInterface
public interface EngineLoan {

    /** The work a command does with the engine. */
    @FunctionalInterface
    interface Work {
        /**
         * @param engine the loaded engine (thread-safe; the work must not close it)
         * @return the command's exit code
         * @throws Exception any failure, handled by the command line (exit code 2)
         */
        int run(FaceEngine engine) throws Exception;
    }

    /**
     * Loads the engine with {@link FaceEngine#loadWithoutSsd} (SSD MobileNet v1 opens only if the command uses it),
     * runs the work and closes the engine.
     */
    EngineLoan LOAD_PER_COMMAND = (models, intraOpThreads, work) -> {
        FaceEngine engine;
        try {
            engine = FaceEngine.loadWithoutSsd(models, intraOpThreads);
        } catch (RuntimeException e) {
            throw new CliException("The face engine could not start: " + e.getMessage(), e);
        }
        try (engine) {
            return work.run(engine);
        }
    };

    /**
     * @param models         where the weights are
     * @param intraOpThreads ONNX Runtime intra-op threads per network run (≥ 1)
     * @param work           what to do with the engine
     * @return the work's exit code
     * @throws CliException if the engine cannot start
     * @throws Exception    whatever the work throws
     */
    int lend(ModelSource models, int intraOpThreads, Work work) throws Exception;
}
