package org.metamerbench.djl;

import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Gradient collection for the models of this JVM. DJL's PyTorch engine allows one collecting
 * {@link GradientCollector} per JVM at a time (a second one throws), so models that several jobs use at
 * once in one JVM (Spark tasks of one executor, tests) take turns here, one backward pass at a time.
 */
public final class InputGradients {
    private static final ReentrantLock COLLECTING = new ReentrantLock();

    private InputGradients() {
    }

    /** Runs {@code body} with a collecting gradient collector of {@code engine}, alone in this JVM. */
    public static <T> T collect(Engine engine, Function<GradientCollector, T> body) {
        COLLECTING.lock();
        try (GradientCollector gc = engine.newGradientCollector()) {
            return body.apply(gc);
        } finally {
            COLLECTING.unlock();
        }
    }
}
