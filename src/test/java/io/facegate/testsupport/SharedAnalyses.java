package io.facegate.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Results computed once per test run and shared by the test classes that need the same ones, such as the engine's
 * analysis of a frame of a head-turn take that {@code ContinuityAttackTest}, {@code ContinuityFiguresTest} and
 * {@code FaceTrackFiguresTest} each judge. Kept in JUnit's root extension store (no static field), so they live
 * as long as the run. A class registers this with {@code @ExtendWith(SharedAnalyses.class)} and takes a
 * {@link Cache} parameter in its test methods.
 */
public final class SharedAnalyses implements ParameterResolver {

    /** The run's shared results, by key. Keep values small: they stay until the run ends. */
    public static final class Cache {

        private final Map<List<Object>, Object> values = new ConcurrentHashMap<>();

        /**
         * @param key     what the value is, e.g. {@code List.of("head-turn take", 2.0, 1.0, 0.5, 12)}; equal keys
         *                must mean equal values whichever class computes them
         * @param compute makes the value when no class has yet
         * @param <T>     its type
         * @return the value
         */
        @SuppressWarnings("unchecked")
        public <T> T get(List<Object> key, Supplier<T> compute) {
            Object value = values.get(key);
            if (value == null) {
                value = compute.get();
                values.put(key, value);
            }
            return (T) value;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Cache.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedAnalyses.class))
                .computeIfAbsent(Cache.class);
    }
}
