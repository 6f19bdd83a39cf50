package io.facegate.cli;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.facegate.face.FaceEngine;
import io.facegate.face.weights.ModelSource;

/**
 * An {@link EngineLoan} that starts loading the engine as soon as it is made, on a background thread, so that the
 * networks load while picocli parses the command line and ImageIO and the first images are read: the fixed cost of
 * a short {@code describe} or {@code compare} (README, <i>Command line</i>). The engine is loaded as
 * {@link EngineLoan#LOAD_PER_COMMAND} loads it ({@link FaceEngine#loadWithoutSsd}). A command that asks for exactly
 * those models and threads gets it and closes it when done; a command asking for others gets its own, loaded then.
 * {@link #close()} closes an engine no command took.
 */
final class EarlyEngineLoan implements EngineLoan, AutoCloseable {

    private final ModelSource models;
    private final int intraOpThreads;
    private final CompletableFuture<FaceEngine> loading;
    private final AtomicBoolean taken = new AtomicBoolean();

    /**
     * @param models         what the load reads (compared with {@link Object#equals} to a command's request)
     * @param intraOpThreads ONNX Runtime intra-op threads per network run (≥ 1)
     * @param loading        the load under way
     */
    EarlyEngineLoan(ModelSource models, int intraOpThreads, CompletableFuture<FaceEngine> loading) {
        this.models = Objects.requireNonNull(models, "models");
        this.intraOpThreads = intraOpThreads;
        this.loading = Objects.requireNonNull(loading, "loading");
    }

    /**
     * Starts {@link FaceEngine#loadWithoutSsd} on a daemon thread (which itself opens the networks in parallel).
     *
     * @param models         where the weights are
     * @param intraOpThreads ONNX Runtime intra-op threads per network run (≥ 1)
     * @return the loan of the engine being loaded
     */
    static EarlyEngineLoan start(ModelSource models, int intraOpThreads) {
        CompletableFuture<FaceEngine> loading = CompletableFuture.supplyAsync(
                () -> FaceEngine.loadWithoutSsd(models, intraOpThreads), task -> {
                    Thread t = new Thread(task, "face-engine-early");
                    t.setDaemon(true);
                    t.start();
                });
        return new EarlyEngineLoan(models, intraOpThreads, loading);
    }

    /**
     * @throws CliException if the engine cannot start (the sentence of {@link EngineLoan#LOAD_PER_COMMAND})
     */
    @Override
    public int lend(ModelSource requested, int threads, Work work) throws Exception {
        if (!requested.equals(models) || threads != intraOpThreads || !taken.compareAndSet(false, true)) {
            return LOAD_PER_COMMAND.lend(requested, threads, work);
        }
        FaceEngine engine;
        try {
            engine = loading.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CliException("The face engine could not start: " + cause.getMessage(), cause);
        }
        try (engine) {
            return work.run(engine);
        }
    }

    /** @return whether a command took the early engine (or {@link #close()} gave it up) */
    boolean taken() {
        return taken.get();
    }

    /** Closes the early engine if no command took it: now if it is loaded, otherwise as soon as it is. */
    @Override
    public void close() {
        if (taken.compareAndSet(false, true)) {
            loading.thenAccept(FaceEngine::close);
        }
    }
}
