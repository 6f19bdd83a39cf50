package io.facegate.config;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import io.facegate.face.FaceEngine;
import io.facegate.face.weights.ModelSource;

/**
 * Starts loading the face engine as soon as the context's bean definitions are known, on its own thread, so that
 * the four networks load while the main thread builds the rest of the context (Tomcat, security, JPA) instead of
 * the main thread waiting for them when it reaches the engine bean ({@link FaceEngineConfig#faceEngine}, which
 * {@link #take() takes} the result). An engine nobody took (a context that failed first) is closed with the
 * context: its ONNX Runtime sessions hold native memory. README, Start-up and memory.
 */
public class FaceEnginePreload implements BeanFactoryPostProcessor, EnvironmentAware, DisposableBean {

    private Environment environment;
    private CompletableFuture<FaceEngine> loading;
    private boolean taken;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    /** Starts the load ({@code FACE_THREADS} ONNX Runtime threads per network run, as the engine bean used). */
    @Override
    public synchronized void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (loading != null) {
            return;
        }
        FaceGateProperties properties = Binder.get(environment)
                .bindOrCreate("facegate", Bindable.of(FaceGateProperties.class));
        int threads = FaceEngineConfig.threads(properties.face());
        loading = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                loading.complete(FaceEngine.load(ModelSource.classpath(), threads));
            } catch (RuntimeException | Error e) {
                loading.completeExceptionally(e);
            }
        }, "face-engine-preload");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @return the loaded engine, once (the caller owns it from then on and closes it)
     * @throws IllegalStateException when the load was never started or the engine was taken or closed already
     * @throws RuntimeException      what {@link FaceEngine#load} threw (a missing weights file, a rejected graph)
     */
    public synchronized FaceEngine take() {
        if (loading == null || taken) {
            throw new IllegalStateException("The face engine's preload was " + (taken ? "taken already" : "not started"));
        }
        taken = true;
        try {
            return loading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Closes an engine that nobody took (waits for its load to end first). */
    @Override
    public synchronized void destroy() {
        if (loading != null && !taken) {
            taken = true;
            try {
                loading.join().close();
            } catch (CompletionException e) {
                // the load failed: nothing to close
            }
        }
    }
}
